-- Review status (Rasa X 0.33): one row per conversation a reviewer marked `reviewed` (1) or `saved_for_later` (2);
-- no row is `unread`, which every conversation starts as and returns to. New events never touch it. Its writes are
-- recorded for the listing index like flags (019). Deleted with its conversation (ConversationTables).
CREATE TABLE conversation_reviews (
    conversation_id BIGINT   PRIMARY KEY,
    review_status   SMALLINT NOT NULL CHECK (review_status IN (1, 2)),
    reviewed_at_ms  BIGINT   NOT NULL
);

CREATE TRIGGER listing_changes_review_insert AFTER INSERT ON conversation_reviews
REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION record_listing_changes();

CREATE TRIGGER listing_changes_review_update AFTER UPDATE ON conversation_reviews
REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION record_listing_changes();

CREATE TRIGGER listing_changes_review_delete AFTER DELETE ON conversation_reviews
REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION record_listing_changes();

-- Whether the latest session ended (a session_ended or conversation_inactive event after the last user message), for
-- the in_progress filter. Conversations holding such events are folded again to set it.
ALTER TABLE conversation_metadata ADD COLUMN session_ended BOOLEAN NOT NULL DEFAULT FALSE;

INSERT INTO metadata_queue (conversation_id, revision, enqueued_at_ms)
SELECT c.id, c.revision, c.updated_at_ms
FROM conversations c
WHERE c.id IN (SELECT conversation_id FROM events WHERE type IN ('session_ended', 'conversation_inactive'))
ON CONFLICT (conversation_id) DO NOTHING;
