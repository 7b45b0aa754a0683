-- Slot values for the listing's `slots` filter and the slot name and value lists (REFERENCE.md §8): every distinct
-- value a `slot` event set, as a JSON array of `NAME␟JSON` keys here and as conversation_names rows of kinds 6 (the
-- keys), 7 (lower-cased, what the filter matches) and 8 (the slot names). Conversations holding slot events are folded
-- again to fill them.
ALTER TABLE conversation_metadata ADD COLUMN slots TEXT NOT NULL DEFAULT '[]';

INSERT INTO metadata_queue (conversation_id, revision, enqueued_at_ms)
SELECT c.id, c.revision, c.updated_at_ms
FROM conversations c
WHERE c.id IN (SELECT conversation_id FROM events WHERE type = 'slot')
ON CONFLICT (conversation_id) DO NOTHING;
