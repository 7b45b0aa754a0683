-- Conversation metadata for the listing, kept by the metadata projector from a durable work queue.

-- Bumped by every write to the conversation, in the write's transaction: the projector's progress marker.
ALTER TABLE conversations ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;

-- Conversations whose metadata is stale. A write upserts its row in the write's transaction (keeping the first
-- enqueued_at_ms, so a busy conversation keeps its place); the projector deletes it only while revision still equals
-- the revision it folded.
CREATE TABLE metadata_queue (
    conversation_id INTEGER PRIMARY KEY,
    revision        INTEGER NOT NULL,
    enqueued_at_ms  INTEGER NOT NULL
);

CREATE INDEX ix_metadata_queue_order ON metadata_queue (enqueued_at_ms, conversation_id);

-- What MetadataBuilder folds from a conversation's events, as of `revision`. Times are Unix seconds; name lists are
-- JSON arrays of strings, sorted ordinally.
CREATE TABLE conversation_metadata (
    conversation_id           INTEGER PRIMARY KEY,
    sender_id                 TEXT    NOT NULL,
    revision                  INTEGER NOT NULL,
    event_count               INTEGER NOT NULL,
    latest_event_time         REAL,
    latest_user_event_time    REAL,
    first_event_time          REAL,
    latest_input_channel      TEXT,
    assistant_id              TEXT,
    minimum_action_confidence REAL,
    maximum_action_confidence REAL,
    minimum_intent_confidence REAL,
    maximum_intent_confidence REAL,
    in_training_data          INTEGER NOT NULL, -- 0 or 1
    n_user_messages           INTEGER NOT NULL,
    n_bot_messages            INTEGER NOT NULL,
    intents                   TEXT    NOT NULL,
    entities                  TEXT    NOT NULL,
    actions                   TEXT    NOT NULL,
    policies                  TEXT    NOT NULL
);

-- The listing's sorts and range filters.
CREATE INDEX ix_conversation_metadata_latest_event_time ON conversation_metadata (latest_event_time);
CREATE INDEX ix_conversation_metadata_latest_user_event_time ON conversation_metadata (latest_user_event_time);
CREATE INDEX ix_conversation_metadata_minimum_action_confidence ON conversation_metadata (minimum_action_confidence);
CREATE INDEX ix_conversation_metadata_n_user_messages ON conversation_metadata (n_user_messages);

-- One row per name a conversation's metadata lists, for the listing's ANY filters and the distinct-name endpoints.
-- kind: 1 intent, 2 entity, 3 action, 4 policy.
CREATE TABLE conversation_names (
    kind            INTEGER NOT NULL,
    name            TEXT    NOT NULL,
    conversation_id INTEGER NOT NULL,
    PRIMARY KEY (kind, name, conversation_id)
) WITHOUT ROWID;

CREATE INDEX ix_conversation_names_conversation ON conversation_names (conversation_id);

-- Conversations stored before this migration get their metadata from the projector like any other.
INSERT INTO metadata_queue (conversation_id, revision, enqueued_at_ms) SELECT id, revision, updated_at_ms FROM conversations;
