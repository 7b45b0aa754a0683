-- Deletion. A conversation's rows in every table are keyed by its id, and a metadata save claimed before a deletion
-- may arrive after it: the save stores nothing once the conversation row is gone, which holds only if the id is never
-- given to another conversation. The identity column never reuses a value, so nothing changes here but the record
-- of that reliance (SQLite's migration 010 makes its ids AUTOINCREMENT for the same reason).
COMMENT ON COLUMN conversations.id IS 'Never reused: metadata saves of deleted conversations rely on it (migration 010).';
