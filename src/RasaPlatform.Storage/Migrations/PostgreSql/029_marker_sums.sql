-- Marker statistics at any size (issue 26): per configuration version, sums of the marker results per unit of every
-- analytics grain and over all time (grain 0, bucket 0), kept exactly like the analytics sums of migration 016. The
-- result tables' statement triggers append each change, signed, to a pending table; the transaction that changed the
-- results folds the pending rows into the sums before it commits (PendingAnalytics). A statistics read adds the sums of
-- the whole quarter hours of its range and reads the result rows of the quarter hours its edges cut.
--
-- The result rows gain what the sums count: the quarter hour a session starts in, and whether an application is its
-- marker's first in the session. Rows stored before this migration lack both, so they are removed and their
-- conversations queued: the metadata job evaluates them again (results are derived; nothing else is lost).

INSERT INTO metadata_queue (conversation_id, revision, enqueued_at_ms)
SELECT c.id, c.revision, CAST(floor(extract(epoch FROM clock_timestamp()) * 1000) AS BIGINT)
FROM conversations c WHERE c.id IN (SELECT conversation_id FROM marker_sessions)
ORDER BY c.id
ON CONFLICT (conversation_id) DO UPDATE SET
    revision = excluded.revision, claim_owner = NULL, claimed_until_ms = NULL, retry_at_ms = NULL;

DELETE FROM marker_applications;
DELETE FROM marker_sessions;

ALTER TABLE marker_sessions ADD COLUMN start_bucket BIGINT NOT NULL DEFAULT 0;
ALTER TABLE marker_applications ADD COLUMN session_bucket BIGINT NOT NULL DEFAULT 0;
ALTER TABLE marker_applications ADD COLUMN first_in_session BIGINT NOT NULL DEFAULT 0;

CREATE TABLE marker_session_sums (
    version  BIGINT NOT NULL,
    grain    BIGINT NOT NULL, -- quarters per unit; 0: all time, in bucket 0
    bucket   BIGINT NOT NULL,
    sessions BIGINT NOT NULL,
    PRIMARY KEY (version, grain, bucket)
);

CREATE TABLE marker_sums (
    version              BIGINT NOT NULL,
    grain                BIGINT NOT NULL,
    bucket               BIGINT NOT NULL,
    marker               TEXT   NOT NULL,
    preceding_user_turns BIGINT NOT NULL,
    applications         BIGINT NOT NULL,
    sessions_applied     BIGINT NOT NULL, -- sessions whose first application of the marker has these turns
    PRIMARY KEY (version, grain, bucket, marker, preceding_user_turns)
);

CREATE TABLE marker_pending_sessions (
    version BIGINT NOT NULL,
    bucket  BIGINT NOT NULL,
    sign    BIGINT NOT NULL
);

CREATE TABLE marker_pending_applications (
    version              BIGINT NOT NULL,
    bucket               BIGINT NOT NULL,
    marker               TEXT   NOT NULL,
    preceding_user_turns BIGINT NOT NULL,
    first                BIGINT NOT NULL,
    sign                 BIGINT NOT NULL
);

CREATE FUNCTION pend_inserted_marker_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO marker_pending_sessions SELECT version, start_bucket, 1 FROM changed;
    RETURN NULL;
END
$$;

CREATE FUNCTION pend_deleted_marker_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO marker_pending_sessions SELECT version, start_bucket, -1 FROM changed;
    RETURN NULL;
END
$$;

CREATE TRIGGER marker_sessions_pend_insert AFTER INSERT ON marker_sessions
REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION pend_inserted_marker_sessions();

CREATE TRIGGER marker_sessions_pend_delete AFTER DELETE ON marker_sessions
REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION pend_deleted_marker_sessions();

CREATE FUNCTION pend_inserted_marker_applications() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO marker_pending_applications
    SELECT version, session_bucket, marker, preceding_user_turns, first_in_session, 1 FROM changed;
    RETURN NULL;
END
$$;

CREATE FUNCTION pend_deleted_marker_applications() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO marker_pending_applications
    SELECT version, session_bucket, marker, preceding_user_turns, -first_in_session, -1 FROM changed;
    RETURN NULL;
END
$$;

CREATE TRIGGER marker_applications_pend_insert AFTER INSERT ON marker_applications
REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION pend_inserted_marker_applications();

CREATE TRIGGER marker_applications_pend_delete AFTER DELETE ON marker_applications
REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION pend_deleted_marker_applications();
