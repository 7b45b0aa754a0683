-- The record of changes that keeps each service instance's in-process listing index current: every statement that
-- writes conversations' metadata rows or their flags appends the conversations' ids, in its transaction, with the
-- transaction's id. Sequence numbers are not assigned in commit order here, so an index reads by transaction instead:
-- it remembers the oldest transaction still running when it last read (the snapshot's xmin) and reads every row of
-- that transaction or a later one again. Rows of older transactions were all committed, and read, by then. The
-- service prunes rows older than its configured retention.
CREATE TABLE listing_changes (
    seq             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    xid             XID8   NOT NULL DEFAULT pg_current_xact_id(),
    conversation_id BIGINT NOT NULL,
    changed_at_ms   BIGINT NOT NULL DEFAULT (extract(epoch FROM clock_timestamp()) * 1000)::bigint
);

CREATE INDEX ix_listing_changes_xid ON listing_changes (xid);
CREATE INDEX ix_listing_changes_changed_at ON listing_changes (changed_at_ms);

CREATE FUNCTION record_listing_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO listing_changes (conversation_id) SELECT DISTINCT conversation_id FROM changed;
    RETURN NULL;
END
$$;

CREATE TRIGGER listing_changes_metadata_insert AFTER INSERT ON conversation_metadata
REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION record_listing_changes();

CREATE TRIGGER listing_changes_metadata_update AFTER UPDATE ON conversation_metadata
REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION record_listing_changes();

CREATE TRIGGER listing_changes_metadata_delete AFTER DELETE ON conversation_metadata
REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION record_listing_changes();

CREATE TRIGGER listing_changes_flag_insert AFTER INSERT ON message_flags
REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION record_listing_changes();

CREATE TRIGGER listing_changes_flag_delete AFTER DELETE ON message_flags
REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION record_listing_changes();
