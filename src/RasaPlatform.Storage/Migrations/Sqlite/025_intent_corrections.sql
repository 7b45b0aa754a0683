-- Intent corrections (IIntentCorrectionStore): a person's word that the user message of the conversation at exactly
-- this timestamp meant `intent`; the stored event keeps the intent Rasa predicted. Setting one checks, in its own
-- transaction, that a user event exists at the timestamp; a tracker replace deletes the corrections its new events
-- no longer match, and deletion removes them with the conversation (SqlConversationStore.ConversationTables).
-- Changes are recorded in listing_changes as those of message_flags are (019), so an index sees the conversation
-- change. Numbered 025: 024 belongs to another change; the migrator applies any script whose number is not recorded.
CREATE TABLE intent_corrections (
    conversation_id   INTEGER NOT NULL,
    message_timestamp REAL    NOT NULL,
    intent            TEXT    NOT NULL,
    corrected_at_ms   INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, message_timestamp)
) WITHOUT ROWID;

CREATE TRIGGER listing_changes_correction_insert AFTER INSERT ON intent_corrections
BEGIN
    INSERT INTO listing_changes (conversation_id, changed_at_ms)
    VALUES (NEW.conversation_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

CREATE TRIGGER listing_changes_correction_update AFTER UPDATE ON intent_corrections
BEGIN
    INSERT INTO listing_changes (conversation_id, changed_at_ms)
    VALUES (NEW.conversation_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

CREATE TRIGGER listing_changes_correction_delete AFTER DELETE ON intent_corrections
BEGIN
    INSERT INTO listing_changes (conversation_id, changed_at_ms)
    VALUES (OLD.conversation_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
