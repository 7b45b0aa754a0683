-- PostgreSQL's migration 022 makes its count triggers append to pending tables that each writing transaction folds
-- in one lock order, so that concurrent saves, deletions and tag links no longer deadlock on count rows. SQLite has
-- one writer at a time and no row locks, so its count triggers stay as they are. This migration keeps both stores'
-- numbering the same.
SELECT 1;
