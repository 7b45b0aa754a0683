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

-- Clustered by conversation so that reading one conversation touches few pages.
CREATE TABLE events (
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    type            TEXT    NOT NULL,
    timestamp       REAL    NOT NULL,
    content_hash    INTEGER NOT NULL,
    data            TEXT    NOT NULL,
    PRIMARY KEY (conversation_id, seq)
) WITHOUT ROWID;

-- Idempotent appends look up equal events by content hash.
CREATE INDEX ix_events_content_hash ON events (conversation_id, content_hash);
