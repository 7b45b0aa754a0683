-- The count tables of migration 006, per assistant: the listing's exact totals with an assistant filter (alone, with
-- in_training_data, or with one name) stay key look-ups, and GET /assistants reads its counts. A total over every
-- assistant is the sum of a few rows (assistants are few). Conversations whose metadata names no assistant (folded
-- before migration 011 and not yet again) are counted under ''.
--
-- A conversation's name rows do not carry its assistant: each name row's trigger reads it from the conversation's
-- metadata row, and when a save changes the metadata's assistant, the metadata's own trigger moves the counts of
-- the conversation's present name rows from the old assistant to the new. A save upserts the metadata before it
-- brings the name rows up to date, and a deletion removes the name rows before the metadata row, so every name row
-- is counted under the assistant of the metadata row beside it.

DROP TRIGGER conversation_names_count_insert;
DROP TRIGGER conversation_names_count_delete;
DROP TRIGGER conversation_metadata_count_insert;
DROP TRIGGER conversation_metadata_count_delete;
DROP TRIGGER conversation_metadata_count_update;
DROP TABLE name_counts;
DROP TABLE training_counts;

CREATE TABLE name_counts (
    kind          INTEGER NOT NULL,
    name          TEXT    NOT NULL,
    assistant_id  TEXT    NOT NULL, -- '' when the metadata names none
    conversations INTEGER NOT NULL,
    PRIMARY KEY (kind, name, assistant_id)
) WITHOUT ROWID;

INSERT INTO name_counts (kind, name, assistant_id, conversations)
SELECT n.kind, n.name, COALESCE(m.assistant_id, ''), COUNT(*)
FROM conversation_names n LEFT JOIN conversation_metadata m ON m.conversation_id = n.conversation_id
GROUP BY n.kind, n.name, COALESCE(m.assistant_id, '');

CREATE TRIGGER conversation_names_count_insert AFTER INSERT ON conversation_names
BEGIN
    INSERT INTO name_counts (kind, name, assistant_id, conversations)
    VALUES (
        NEW.kind, NEW.name,
        COALESCE((SELECT assistant_id FROM conversation_metadata WHERE conversation_id = NEW.conversation_id), ''), 1)
    ON CONFLICT (kind, name, assistant_id) DO UPDATE SET conversations = conversations + 1;
END;

CREATE TRIGGER conversation_names_count_delete AFTER DELETE ON conversation_names
BEGIN
    UPDATE name_counts SET conversations = conversations - 1
    WHERE kind = OLD.kind AND name = OLD.name
      AND assistant_id = COALESCE((SELECT assistant_id FROM conversation_metadata WHERE conversation_id = OLD.conversation_id), '');
END;

CREATE TABLE training_counts (
    assistant_id     TEXT    NOT NULL, -- '' when the metadata names none
    in_training_data INTEGER NOT NULL, -- 0 or 1
    conversations    INTEGER NOT NULL,
    PRIMARY KEY (assistant_id, in_training_data)
) WITHOUT ROWID;

INSERT INTO training_counts (assistant_id, in_training_data, conversations)
SELECT COALESCE(assistant_id, ''), in_training_data, COUNT(*) FROM conversation_metadata
GROUP BY COALESCE(assistant_id, ''), in_training_data;

CREATE TRIGGER conversation_metadata_count_insert AFTER INSERT ON conversation_metadata
BEGIN
    INSERT INTO training_counts (assistant_id, in_training_data, conversations)
    VALUES (COALESCE(NEW.assistant_id, ''), NEW.in_training_data, 1)
    ON CONFLICT (assistant_id, in_training_data) DO UPDATE SET conversations = conversations + 1;
END;

CREATE TRIGGER conversation_metadata_count_delete AFTER DELETE ON conversation_metadata
BEGIN
    UPDATE training_counts SET conversations = conversations - 1
    WHERE assistant_id = COALESCE(OLD.assistant_id, '') AND in_training_data = OLD.in_training_data;
END;

CREATE TRIGGER conversation_metadata_count_update AFTER UPDATE OF in_training_data, assistant_id ON conversation_metadata
WHEN OLD.in_training_data <> NEW.in_training_data OR OLD.assistant_id IS NOT NEW.assistant_id
BEGIN
    UPDATE training_counts SET conversations = conversations - 1
    WHERE assistant_id = COALESCE(OLD.assistant_id, '') AND in_training_data = OLD.in_training_data;
    INSERT INTO training_counts (assistant_id, in_training_data, conversations)
    VALUES (COALESCE(NEW.assistant_id, ''), NEW.in_training_data, 1)
    ON CONFLICT (assistant_id, in_training_data) DO UPDATE SET conversations = conversations + 1;
END;

-- The conversation's present name rows move with it; the save then adds and removes rows under the new assistant.
CREATE TRIGGER conversation_metadata_assistant_moved AFTER UPDATE OF assistant_id ON conversation_metadata
WHEN OLD.assistant_id IS NOT NEW.assistant_id
BEGIN
    UPDATE name_counts SET conversations = conversations - 1
    WHERE assistant_id = COALESCE(OLD.assistant_id, '')
      AND (kind, name) IN (SELECT kind, name FROM conversation_names WHERE conversation_id = OLD.conversation_id);
    INSERT INTO name_counts (kind, name, assistant_id, conversations)
    SELECT kind, name, COALESCE(NEW.assistant_id, ''), 1 FROM conversation_names WHERE conversation_id = NEW.conversation_id
    ON CONFLICT (kind, name, assistant_id) DO UPDATE SET conversations = conversations + 1;
END;

-- Counts that combine an assistant set with an indexed column condition read that condition's index alone: each
-- such index carries the assistant after its own columns, so the assistant is checked in the index entry instead of
-- the conversation's row (a row look-up costs about ten index entries). Where the listing's order reads an index in
-- order (a channel's first page), the added column only breaks ties of latest_event_time, which SQLite orders by a
-- sort of each run of equal times ("right part of ORDER BY").
DROP INDEX ix_conversation_metadata_user_window;
CREATE INDEX ix_conversation_metadata_user_window
    ON conversation_metadata (latest_user_event_time, latest_event_time, assistant_id);
DROP INDEX ix_conversation_metadata_n_user_messages;
CREATE INDEX ix_conversation_metadata_n_user_messages ON conversation_metadata (n_user_messages, assistant_id);
DROP INDEX ix_conversation_metadata_minimum_action_confidence;
CREATE INDEX ix_conversation_metadata_minimum_action_confidence
    ON conversation_metadata (minimum_action_confidence, assistant_id);
DROP INDEX ix_conversation_metadata_minimum_intent_confidence;
CREATE INDEX ix_conversation_metadata_minimum_intent_confidence
    ON conversation_metadata (minimum_intent_confidence, assistant_id);
DROP INDEX ix_conversation_metadata_channel_recency;
CREATE INDEX ix_conversation_metadata_channel_recency
    ON conversation_metadata (latest_input_channel, latest_event_time, assistant_id);
