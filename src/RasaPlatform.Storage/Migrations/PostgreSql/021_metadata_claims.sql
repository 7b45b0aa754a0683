-- The metadata queue is worked by every instance at once (Hangfire hosts the projection on each server), so each
-- item carries its own short claim instead of one lease over the whole queue: an instance that dies holds up only the
-- items it had claimed, until claimed_until_ms, and a new write to one of them clears its claim at once.
-- A conversation whose fold or save fails is set aside with its error and retried at retry_at_ms, with backoff, so
-- the rest keeps flowing; attempts counts its failures since it last left the queue.
ALTER TABLE metadata_queue ADD COLUMN claim_owner TEXT;
ALTER TABLE metadata_queue ADD COLUMN claimed_until_ms BIGINT;
ALTER TABLE metadata_queue ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE metadata_queue ADD COLUMN retry_at_ms BIGINT;
ALTER TABLE metadata_queue ADD COLUMN last_error TEXT;

-- Both hold only the few rows claimed or failed at a time.
CREATE INDEX ix_metadata_queue_claims ON metadata_queue (claim_owner) WHERE claim_owner IS NOT NULL;
CREATE INDEX ix_metadata_queue_failed ON metadata_queue (attempts) WHERE attempts > 0;

-- The queue-wide lease (migration 002) is replaced by the claims above.
DROP TABLE leases;
