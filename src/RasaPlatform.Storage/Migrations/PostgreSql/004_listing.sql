-- The conversation listing: input channels for the distinct list, and the text filter's trigram index.

-- pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it. It lives in `public` so that
-- every schema of the database shares it; the operator class below is qualified for the same reason.
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;

ALTER TABLE conversation_metadata ADD COLUMN input_channels TEXT NOT NULL DEFAULT '[]';

-- The NLU confidence bounds compare the minimum intent confidence.
CREATE INDEX ix_conversation_metadata_minimum_intent_confidence ON conversation_metadata (minimum_intent_confidence);

-- The input_channels filter compares the latest input channel.
CREATE INDEX ix_conversation_metadata_latest_input_channel ON conversation_metadata (latest_input_channel);

-- The listing's orders, exactly as it sorts (NULLS LAST, ties by id), so that a first page reads only its rows.
DROP INDEX ix_conversation_metadata_latest_event_time;
CREATE INDEX ix_conversation_metadata_recent
    ON conversation_metadata (latest_event_time DESC NULLS LAST, conversation_id DESC);

-- sort_by_confidence applies only with in_training_data=false.
CREATE INDEX ix_conversation_metadata_confidence_order
    ON conversation_metadata (in_training_data, minimum_action_confidence DESC NULLS LAST, latest_event_time DESC NULLS LAST, conversation_id DESC);

-- Lower-cased user message texts per conversation, kept by the projector with the metadata. Text and query are
-- lower-cased alike, so a plain LIKE '%fragment%' is case-insensitive and the trigram index answers it.
CREATE TABLE conversation_text (
    conversation_id BIGINT PRIMARY KEY,
    text            TEXT   NOT NULL
);

CREATE INDEX ix_conversation_text_trigram ON conversation_text USING gin (text public.gin_trgm_ops);

-- Metadata saved before this migration lacks channels and text: fold every conversation again.
INSERT INTO metadata_queue (conversation_id, revision, enqueued_at_ms)
SELECT id, revision, updated_at_ms FROM conversations
ON CONFLICT (conversation_id) DO NOTHING;
