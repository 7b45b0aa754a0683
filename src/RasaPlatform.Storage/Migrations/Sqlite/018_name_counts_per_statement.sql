-- PostgreSQL's migration 018 replaces a PL/pgSQL row trigger that counted name rows with a statement trigger. SQLite
-- has only row triggers, and its trigger programs run inside the statement without a call per row, so its
-- name_counts triggers stay as migration 013 made them. This migration keeps both stores' numbering the same.
SELECT 1;
