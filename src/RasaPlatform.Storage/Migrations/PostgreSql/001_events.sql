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

-- One index: reading a conversation in order, and (covering content_hash) the duplicate check of idempotent appends.
-- No foreign key: the store writes a conversation and its events in one transaction, and per-row referential checks
-- would run a trigger for every copied row.
CREATE TABLE events (
    conversation_id BIGINT           NOT NULL,
    seq             BIGINT           NOT NULL,
    type            TEXT             NOT NULL,
    timestamp       DOUBLE PRECISION NOT NULL,
    content_hash    BIGINT           NOT NULL,
    -- The top-level string "name" (action, slot, loop, followup), as Rasa's SQLTrackerStore keeps action_name:
    -- replay and later aggregates read it without parsing the JSON.
    name            TEXT,
    data            TEXT             NOT NULL,
    PRIMARY KEY (conversation_id, seq) INCLUDE (content_hash)
);
