-- The record of changes that keeps each service instance's in-process listing index current: every write to a
-- conversation's metadata row or to its flags appends the conversation's id, in the write's transaction. An index
-- reads the rows past the last sequence number it read, then the current rows of those conversations. SQLite has one
-- writer at a time, so sequence numbers are assigned in commit order; AUTOINCREMENT never reuses one, even after the
-- oldest rows are pruned. The service prunes rows older than its configured retention.
CREATE TABLE listing_changes (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id INTEGER NOT NULL,
    changed_at_ms   INTEGER NOT NULL
);

CREATE INDEX ix_listing_changes_changed_at ON listing_changes (changed_at_ms);

CREATE TRIGGER listing_changes_metadata_insert AFTER INSERT ON conversation_metadata
BEGIN
    INSERT INTO listing_changes (conversation_id, changed_at_ms)
    VALUES (NEW.conversation_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

CREATE TRIGGER listing_changes_metadata_update AFTER UPDATE ON conversation_metadata
BEGIN
    INSERT INTO listing_changes (conversation_id, changed_at_ms)
    VALUES (NEW.conversation_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

CREATE TRIGGER listing_changes_metadata_delete AFTER DELETE ON conversation_metadata
BEGIN
    INSERT INTO listing_changes (conversation_id, changed_at_ms)
    VALUES (OLD.conversation_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

CREATE TRIGGER listing_changes_flag_insert AFTER INSERT ON message_flags
BEGIN
    INSERT INTO listing_changes (conversation_id, changed_at_ms)
    VALUES (NEW.conversation_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

CREATE TRIGGER listing_changes_flag_delete AFTER DELETE ON message_flags
BEGIN
    INSERT INTO listing_changes (conversation_id, changed_at_ms)
    VALUES (OLD.conversation_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
