-- Intent corrections (IIntentCorrectionStore): a person's word that the user message of the conversation at exactly
-- this timestamp meant `intent`; the stored event keeps the intent Rasa predicted. Setting one checks, in its own
-- transaction, that a user event exists at the timestamp; a tracker replace deletes the corrections its new events
-- no longer match, and deletion removes them with the conversation (SqlConversationStore.ConversationTables).
-- Changes are recorded in listing_changes as those of message_flags are (019), so an index sees the conversation
-- change. Numbered 025: 024 belongs to another change; the migrator applies any script whose number is not recorded.
CREATE TABLE intent_corrections (
    conversation_id   BIGINT           NOT NULL,
    message_timestamp DOUBLE PRECISION NOT NULL,
    intent            TEXT             NOT NULL,
    corrected_at_ms   BIGINT           NOT NULL,
    PRIMARY KEY (conversation_id, message_timestamp)
);

CREATE TRIGGER listing_changes_correction_insert AFTER INSERT ON intent_corrections
REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION record_listing_changes();

CREATE TRIGGER listing_changes_correction_update AFTER UPDATE ON intent_corrections
REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION record_listing_changes();

CREATE TRIGGER listing_changes_correction_delete AFTER DELETE ON intent_corrections
REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION record_listing_changes();
