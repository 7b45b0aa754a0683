-- Deletion. A conversation's rows in every table are keyed by its id, and a metadata save claimed before a deletion
-- may arrive after it: the save stores nothing once the conversation row is gone, which holds only if the id is never
-- given to another conversation. A rowid table reuses the largest id once that row is deleted; AUTOINCREMENT never
-- reuses an id (PostgreSQL's identity column never does). The table is rebuilt to get it, keeping every id.
CREATE TABLE conversations_new (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    sender_id         TEXT    NOT NULL UNIQUE,
    next_seq          INTEGER NOT NULL DEFAULT 0,
    event_count       INTEGER NOT NULL DEFAULT 0,
    latest_event_time REAL,
    created_at_ms     INTEGER NOT NULL,
    updated_at_ms     INTEGER NOT NULL,
    revision          INTEGER NOT NULL DEFAULT 0
);

INSERT INTO conversations_new (id, sender_id, next_seq, event_count, latest_event_time, created_at_ms, updated_at_ms, revision)
SELECT id, sender_id, next_seq, event_count, latest_event_time, created_at_ms, updated_at_ms, revision FROM conversations;

DROP TABLE conversations;

ALTER TABLE conversations_new RENAME TO conversations;
