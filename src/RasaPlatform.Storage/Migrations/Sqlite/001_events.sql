-- Conversations and their events exactly as received.
CREATE TABLE conversations (
    id                INTEGER PRIMARY KEY,
    sender_id         TEXT    NOT NULL UNIQUE,
    next_seq          INTEGER NOT NULL DEFAULT 0,
    event_count       INTEGER NOT NULL DEFAULT 0,
    latest_event_time REAL,
    created_at_ms     INTEGER NOT NULL,
    updated_at_ms     INTEGER NOT NULL
);

-- A rowid table with one index: measured 2.6x the insert rate of a WITHOUT ROWID table clustered by conversation
-- with a second index for hashes (rows of ~400 bytes of JSON are what SQLite advises against clustering). The index
-- serves reading a conversation in order and, covering content_hash, the duplicate check of idempotent appends.
-- No foreign key: the store writes a conversation and its events in one transaction, and per-row checks cost ~10%.
CREATE TABLE events (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL,
    seq             INTEGER NOT NULL,
    type            TEXT    NOT NULL,
    timestamp       REAL    NOT NULL,
    content_hash    INTEGER NOT NULL,
    -- The top-level string "name" (action, slot, loop, followup), as Rasa's SQLTrackerStore keeps action_name:
    -- replay and later aggregates read it without parsing the JSON.
    name            TEXT,
    data            TEXT    NOT NULL
);

CREATE UNIQUE INDEX ix_events_conversation_seq ON events (conversation_id, seq, content_hash);
