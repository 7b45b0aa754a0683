-- The conversation listing: input channels for the distinct list, and the text filter's trigram index.

ALTER TABLE conversation_metadata ADD COLUMN input_channels TEXT NOT NULL DEFAULT '[]';

-- The NLU confidence bounds compare the minimum intent confidence.
CREATE INDEX ix_conversation_metadata_minimum_intent_confidence ON conversation_metadata (minimum_intent_confidence);

-- The input_channels filter compares the latest input channel.
CREATE INDEX ix_conversation_metadata_latest_input_channel ON conversation_metadata (latest_input_channel);

-- sort_by_confidence applies only with in_training_data=false: this index serves that filter in that order
-- (scanned backwards: highest confidence first, conversations without one last, then most recent).
CREATE INDEX ix_conversation_metadata_confidence_order
    ON conversation_metadata (in_training_data, minimum_action_confidence, latest_event_time);

-- Lower-cased user message texts per conversation, kept by the projector with the metadata (text and fragment are
-- lower-cased alike, so matching is case-insensitive). The listing probes this table by id (instr) when it scans in
-- its sort order, and asks the trigram index below when the fragment is rare.
CREATE TABLE conversation_text (
    conversation_id INTEGER PRIMARY KEY,
    text            TEXT    NOT NULL
);

-- The trigram index over conversation_text (external content: the text is stored once). It answers
-- GLOB '*fragment*' for fragments of three or more characters; being case-sensitive is what lets GLOB use it.
-- detail=none keeps only which conversations hold a trigram; FTS5 re-checks candidates against the text.
CREATE VIRTUAL TABLE conversation_text_index USING fts5(
    text, content = 'conversation_text', content_rowid = 'conversation_id',
    tokenize = 'trigram case_sensitive 1', detail = none);

-- How many conversations hold each trigram: the listing's estimate of how rare a fragment is.
CREATE VIRTUAL TABLE conversation_text_terms USING fts5vocab(conversation_text_index, row);

-- Metadata saved before this migration lacks channels and text: fold every conversation again.
INSERT INTO metadata_queue (conversation_id, revision, enqueued_at_ms)
SELECT id, revision, updated_at_ms FROM conversations WHERE true
ON CONFLICT (conversation_id) DO NOTHING;
