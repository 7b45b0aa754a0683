-- Marker statistics at any size (issue 26): per configuration version, sums of the marker results per unit of every
-- analytics grain and over all time (grain 0, bucket 0), kept exactly like the analytics sums of migration 016. The
-- result tables' triggers append each change, signed, to a pending table; the transaction that changed the results
-- folds the pending rows into the sums before it commits (PendingAnalytics). A statistics read adds the sums of the
-- whole quarter hours of its range and reads the result rows of the quarter hours its edges cut.
--
-- The result rows gain what the sums count: the quarter hour a session starts in, and whether an application is its
-- marker's first in the session. Rows stored before this migration lack both, so they are removed and their
-- conversations queued: the metadata job evaluates them again (results are derived; nothing else is lost).

INSERT INTO metadata_queue (conversation_id, revision, enqueued_at_ms)
SELECT c.id, c.revision, CAST(strftime('%s', 'now') AS INTEGER) * 1000
FROM conversations c WHERE c.id IN (SELECT conversation_id FROM marker_sessions)
ON CONFLICT (conversation_id) DO UPDATE SET
    revision = excluded.revision, claim_owner = NULL, claimed_until_ms = NULL, retry_at_ms = NULL;

DELETE FROM marker_applications;
DELETE FROM marker_sessions;

ALTER TABLE marker_sessions ADD COLUMN start_bucket INTEGER NOT NULL DEFAULT 0;
ALTER TABLE marker_applications ADD COLUMN session_bucket INTEGER NOT NULL DEFAULT 0;
ALTER TABLE marker_applications ADD COLUMN first_in_session INTEGER NOT NULL DEFAULT 0;

CREATE TABLE marker_session_sums (
    version  INTEGER NOT NULL,
    grain    INTEGER NOT NULL, -- quarters per unit; 0: all time, in bucket 0
    bucket   INTEGER NOT NULL,
    sessions INTEGER NOT NULL,
    PRIMARY KEY (version, grain, bucket)
) WITHOUT ROWID;

CREATE TABLE marker_sums (
    version              INTEGER NOT NULL,
    grain                INTEGER NOT NULL,
    bucket               INTEGER NOT NULL,
    marker               TEXT    NOT NULL,
    preceding_user_turns INTEGER NOT NULL,
    applications         INTEGER NOT NULL,
    sessions_applied     INTEGER NOT NULL, -- sessions whose first application of the marker has these turns
    PRIMARY KEY (version, grain, bucket, marker, preceding_user_turns)
) WITHOUT ROWID;

CREATE TABLE marker_pending_sessions (
    version INTEGER NOT NULL,
    bucket  INTEGER NOT NULL,
    sign    INTEGER NOT NULL
);

CREATE TABLE marker_pending_applications (
    version              INTEGER NOT NULL,
    bucket               INTEGER NOT NULL,
    marker               TEXT    NOT NULL,
    preceding_user_turns INTEGER NOT NULL,
    first                INTEGER NOT NULL,
    sign                 INTEGER NOT NULL
);

CREATE TRIGGER marker_sessions_pend_insert AFTER INSERT ON marker_sessions
BEGIN
    INSERT INTO marker_pending_sessions VALUES (NEW.version, NEW.start_bucket, 1);
END;

CREATE TRIGGER marker_sessions_pend_delete AFTER DELETE ON marker_sessions
BEGIN
    INSERT INTO marker_pending_sessions VALUES (OLD.version, OLD.start_bucket, -1);
END;

CREATE TRIGGER marker_applications_pend_insert AFTER INSERT ON marker_applications
BEGIN
    INSERT INTO marker_pending_applications
    VALUES (NEW.version, NEW.session_bucket, NEW.marker, NEW.preceding_user_turns, NEW.first_in_session, 1);
END;

CREATE TRIGGER marker_applications_pend_delete AFTER DELETE ON marker_applications
BEGIN
    INSERT INTO marker_pending_applications
    VALUES (OLD.version, OLD.session_bucket, OLD.marker, OLD.preceding_user_turns, -OLD.first_in_session, -1);
END;
