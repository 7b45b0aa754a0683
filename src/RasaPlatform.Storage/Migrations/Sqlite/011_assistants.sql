-- A conversation belongs to an assistant: the metadata.assistant_id its events name, or the configured default. The
-- projector now saves that resolved name, so conversations folded before it (null) are queued to be folded again.
-- The assistant filter picks an assistant's conversations newest first from one index range.
CREATE INDEX ix_conversation_metadata_assistant_recency ON conversation_metadata (assistant_id, latest_event_time);

INSERT INTO metadata_queue (conversation_id, revision, enqueued_at_ms)
SELECT c.id, c.revision, c.updated_at_ms
FROM conversations c JOIN conversation_metadata m ON m.conversation_id = c.id
WHERE m.assistant_id IS NULL
ON CONFLICT (conversation_id) DO NOTHING;
