-- The count tables of migration 006, per assistant: the listing's exact totals with an assistant filter (alone, with
-- in_training_data, or with one name) stay key look-ups, and GET /assistants reads its counts. A total over every
-- assistant is the sum of a few rows (assistants are few). Conversations whose metadata names no assistant (folded
-- before migration 011 and not yet again) are counted under ''.
--
-- A conversation's name rows do not carry its assistant: each name row's trigger reads it from the conversation's
-- metadata row, and when a save changes the metadata's assistant, the metadata's own trigger moves the counts of
-- the conversation's present name rows from the old assistant to the new. A save upserts the metadata before it
-- brings the name rows up to date, and a deletion removes the name rows before the metadata row, so every name row
-- is counted under the assistant of the metadata row beside it. The functions resolve the tables through the
-- writer's search_path, like every other statement of the service.

DROP TRIGGER conversation_names_counted ON conversation_names;
DROP TRIGGER conversation_metadata_counted ON conversation_metadata;
DROP TRIGGER conversation_metadata_recounted ON conversation_metadata;
DROP FUNCTION count_conversation_names();
DROP FUNCTION count_conversation_metadata();
DROP TABLE name_counts;
DROP TABLE training_counts;

CREATE TABLE name_counts (
    kind          SMALLINT NOT NULL,
    name          TEXT     NOT NULL,
    assistant_id  TEXT     NOT NULL, -- '' when the metadata names none
    conversations BIGINT   NOT NULL,
    PRIMARY KEY (kind, name, assistant_id)
);

INSERT INTO name_counts (kind, name, assistant_id, conversations)
SELECT n.kind, n.name, COALESCE(m.assistant_id, ''), COUNT(*)
FROM conversation_names n LEFT JOIN conversation_metadata m ON m.conversation_id = n.conversation_id
GROUP BY n.kind, n.name, COALESCE(m.assistant_id, '');

CREATE FUNCTION count_conversation_names() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO name_counts (kind, name, assistant_id, conversations)
        VALUES (
            NEW.kind, NEW.name,
            COALESCE((SELECT assistant_id FROM conversation_metadata WHERE conversation_id = NEW.conversation_id), ''), 1)
        ON CONFLICT (kind, name, assistant_id) DO UPDATE SET conversations = name_counts.conversations + 1;
    ELSE
        UPDATE name_counts SET conversations = conversations - 1
        WHERE kind = OLD.kind AND name = OLD.name
          AND assistant_id = COALESCE((SELECT assistant_id FROM conversation_metadata WHERE conversation_id = OLD.conversation_id), '');
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER conversation_names_counted AFTER INSERT OR DELETE ON conversation_names
FOR EACH ROW EXECUTE FUNCTION count_conversation_names();

CREATE TABLE training_counts (
    assistant_id     TEXT    NOT NULL, -- '' when the metadata names none
    in_training_data BOOLEAN NOT NULL,
    conversations    BIGINT  NOT NULL,
    PRIMARY KEY (assistant_id, in_training_data)
);

INSERT INTO training_counts (assistant_id, in_training_data, conversations)
SELECT COALESCE(assistant_id, ''), in_training_data, COUNT(*) FROM conversation_metadata
GROUP BY COALESCE(assistant_id, ''), in_training_data;

-- Inserts, deletes, and updates that change in_training_data or the assistant; an update that changes the assistant
-- also moves the conversation's present name rows (the save then adds and removes rows under the new assistant).
CREATE FUNCTION count_conversation_metadata() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE training_counts SET conversations = conversations - 1
        WHERE assistant_id = COALESCE(OLD.assistant_id, '') AND in_training_data = OLD.in_training_data;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO training_counts (assistant_id, in_training_data, conversations)
        VALUES (COALESCE(NEW.assistant_id, ''), NEW.in_training_data, 1)
        ON CONFLICT (assistant_id, in_training_data) DO UPDATE SET conversations = training_counts.conversations + 1;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.assistant_id IS DISTINCT FROM NEW.assistant_id THEN
        UPDATE name_counts SET conversations = conversations - 1
        WHERE assistant_id = COALESCE(OLD.assistant_id, '')
          AND (kind, name) IN (SELECT kind, name FROM conversation_names WHERE conversation_id = OLD.conversation_id);
        INSERT INTO name_counts (kind, name, assistant_id, conversations)
        SELECT kind, name, COALESCE(NEW.assistant_id, ''), 1 FROM conversation_names WHERE conversation_id = NEW.conversation_id
        ON CONFLICT (kind, name, assistant_id) DO UPDATE SET conversations = name_counts.conversations + 1;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER conversation_metadata_counted AFTER INSERT OR DELETE ON conversation_metadata
FOR EACH ROW EXECUTE FUNCTION count_conversation_metadata();

CREATE TRIGGER conversation_metadata_recounted AFTER UPDATE OF in_training_data, assistant_id ON conversation_metadata
FOR EACH ROW
WHEN (OLD.in_training_data IS DISTINCT FROM NEW.in_training_data OR OLD.assistant_id IS DISTINCT FROM NEW.assistant_id)
EXECUTE FUNCTION count_conversation_metadata();

-- One assistant's first page in the listing's own order (NULLS LAST, ties by id) is the top of one range of this
-- index; migration 011's (assistant_id, latest_event_time) read backwards puts conversations without events first.
DROP INDEX ix_conversation_metadata_assistant_recency;
CREATE INDEX ix_conversation_metadata_assistant_recency
    ON conversation_metadata (assistant_id, latest_event_time DESC NULLS LAST, conversation_id DESC);

-- Counts that combine an assistant set with an indexed column condition can read that condition's index alone: each
-- such index includes the assistant (outside its key, so no order changes), checked in the index entry instead of the
-- conversation's row.
DROP INDEX ix_conversation_metadata_user_window;
CREATE INDEX ix_conversation_metadata_user_window
    ON conversation_metadata (latest_user_event_time, latest_event_time) INCLUDE (assistant_id);
DROP INDEX ix_conversation_metadata_n_user_messages;
CREATE INDEX ix_conversation_metadata_n_user_messages ON conversation_metadata (n_user_messages) INCLUDE (assistant_id);
DROP INDEX ix_conversation_metadata_minimum_action_confidence;
CREATE INDEX ix_conversation_metadata_minimum_action_confidence
    ON conversation_metadata (minimum_action_confidence) INCLUDE (assistant_id);
DROP INDEX ix_conversation_metadata_minimum_intent_confidence;
CREATE INDEX ix_conversation_metadata_minimum_intent_confidence
    ON conversation_metadata (minimum_intent_confidence) INCLUDE (assistant_id);
DROP INDEX ix_conversation_metadata_channel_recency;
CREATE INDEX ix_conversation_metadata_channel_recency
    ON conversation_metadata (latest_input_channel, latest_event_time) INCLUDE (assistant_id);
