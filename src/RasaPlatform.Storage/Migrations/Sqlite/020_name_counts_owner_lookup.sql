-- PostgreSQL's migration 020 makes its name_counts statement triggers look each conversation's assistant up through
-- the primary key instead of hashing the whole metadata table. SQLite's row triggers (migration 013) already look it
-- up by key. This migration keeps both stores' numbering the same.
SELECT 1;
