-- The conversation listing: input channels for the distinct list, and the text filter's trigram index.

ALTER TABLE conversation_metadata ADD COLUMN input_channels TEXT NOT NULL DEFAULT '[]';

-- The input_channels filter compares the latest input channel.
CREATE INDEX ix_conversation_metadata_latest_input_channel ON conversation_metadata (latest_input_channel);

-- sort_by_confidence applies only with in_training_data=false: this index serves that filter in that order
-- (scanned backwards: highest confidence first, conversations without one last, then most recent).
CREATE INDEX ix_conversation_metadata_confidence_order
    ON conversation_metadata (in_training_data, minimum_action_confidence, latest_event_time);

-- Lower-cased user message texts per conversation (rowid = conversation id), kept by the projector with the
-- metadata. The trigram index answers GLOB '*fragment*' for fragments of three or more characters; the text is
-- lower-cased before it is stored and searched, so the index itself is case-sensitive (which is what lets GLOB use
-- it). detail=none keeps only which conversations hold a trigram; FTS5 re-checks candidates against the text.
CREATE VIRTUAL TABLE conversation_text USING fts5(text, tokenize = 'trigram case_sensitive 1', detail = none);

-- Metadata saved before this migration lacks channels and text: fold every conversation again.
INSERT INTO metadata_queue (conversation_id, revision, enqueued_at_ms)
SELECT id, revision, updated_at_ms FROM conversations WHERE true
ON CONFLICT (conversation_id) DO NOTHING;
