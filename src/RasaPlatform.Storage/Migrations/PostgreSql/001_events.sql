-- Conversations and their events exactly as received.
CREATE TABLE conversations (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sender_id         TEXT             NOT NULL UNIQUE,
    next_seq          BIGINT           NOT NULL DEFAULT 0,
    event_count       BIGINT           NOT NULL DEFAULT 0,
    latest_event_time DOUBLE PRECISION,
    created_at_ms     BIGINT           NOT NULL,
    updated_at_ms     BIGINT           NOT NULL
);

CREATE TABLE events (
    conversation_id BIGINT           NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq             BIGINT           NOT NULL,
    type            TEXT             NOT NULL,
    timestamp       DOUBLE PRECISION NOT NULL,
    content_hash    BIGINT           NOT NULL,
    data            TEXT             NOT NULL,
    PRIMARY KEY (conversation_id, seq)
);

-- Idempotent appends look up equal events by content hash.
CREATE INDEX ix_events_content_hash ON events (conversation_id, content_hash);
