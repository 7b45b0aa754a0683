-- The count rows (name_counts, training_counts, tag_counts) were kept by triggers that upserted them as the counted
-- rows changed: each statement locked its count rows in the order it met them (the deleted-name trigger's UPDATE ...
-- FROM in a hash join's order, the metadata row trigger row by row), and each transaction took the tables in the order
-- of its own statements (a metadata save training_counts then name_counts, a deletion name_counts then
-- training_counts then tag_counts). Saves and deletions sharing a name, an assistant or a tag deadlocked: 33 in a
-- minute of 8 writers and 32 readers (the benchmark program's mix).
--
-- The triggers now only append each statement's changes, grouped and signed, to pending tables, as the analytics
-- triggers of migration 016 do; the transaction that changed the counted rows folds them into the counts before it
-- commits (PostgreSqlPendingCounts), together with the analytics sums, table after table in one fixed order and each
-- table's rows in key order. Every count and sum row is locked there and only there, so no two transactions wait for
-- each other's count rows in opposite orders. What is counted, and under which assistant, is unchanged (migrations
-- 013, 018 and 020).

CREATE TABLE name_counts_pending (
    kind          SMALLINT NOT NULL,
    name          TEXT     NOT NULL,
    assistant_id  TEXT     NOT NULL,
    conversations BIGINT   NOT NULL
);

CREATE TABLE training_counts_pending (
    assistant_id     TEXT    NOT NULL,
    in_training_data BOOLEAN NOT NULL,
    conversations    BIGINT  NOT NULL
);

CREATE TABLE tag_counts_pending (
    tag_id        BIGINT NOT NULL,
    conversations BIGINT NOT NULL
);

-- Name rows: as migration 020 counts them, into the pending table.
CREATE OR REPLACE FUNCTION count_inserted_conversation_names() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO name_counts_pending (kind, name, assistant_id, conversations)
    SELECT n.kind, n.name, o.assistant_id, COUNT(*)
    FROM changed n
    JOIN (SELECT conversation_id, counted_assistant(conversation_id) AS assistant_id FROM (SELECT DISTINCT conversation_id FROM changed) ids) o
      ON o.conversation_id = n.conversation_id
    GROUP BY n.kind, n.name, o.assistant_id;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION count_deleted_conversation_names() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO name_counts_pending (kind, name, assistant_id, conversations)
    SELECT n.kind, n.name, o.assistant_id, -COUNT(*)
    FROM changed n
    JOIN (SELECT conversation_id, counted_assistant(conversation_id) AS assistant_id FROM (SELECT DISTINCT conversation_id FROM changed) ids) o
      ON o.conversation_id = n.conversation_id
    GROUP BY n.kind, n.name, o.assistant_id;
    RETURN NULL;
END
$$;

-- Metadata rows: inserts and deletes per statement; an update that changes in_training_data or the assistant per row
-- (rare), which also moves the counts of the conversation's present name rows to the new assistant.
DROP TRIGGER conversation_metadata_counted ON conversation_metadata;
DROP TRIGGER conversation_metadata_recounted ON conversation_metadata;
DROP FUNCTION count_conversation_metadata();

CREATE FUNCTION count_inserted_conversation_metadata() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO training_counts_pending (assistant_id, in_training_data, conversations)
    SELECT COALESCE(assistant_id, ''), in_training_data, COUNT(*) FROM changed
    GROUP BY COALESCE(assistant_id, ''), in_training_data;
    RETURN NULL;
END
$$;

CREATE FUNCTION count_deleted_conversation_metadata() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO training_counts_pending (assistant_id, in_training_data, conversations)
    SELECT COALESCE(assistant_id, ''), in_training_data, -COUNT(*) FROM changed
    GROUP BY COALESCE(assistant_id, ''), in_training_data;
    RETURN NULL;
END
$$;

CREATE FUNCTION count_updated_conversation_metadata() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO training_counts_pending (assistant_id, in_training_data, conversations)
    VALUES (COALESCE(OLD.assistant_id, ''), OLD.in_training_data, -1), (COALESCE(NEW.assistant_id, ''), NEW.in_training_data, 1);
    IF OLD.assistant_id IS DISTINCT FROM NEW.assistant_id THEN
        INSERT INTO name_counts_pending (kind, name, assistant_id, conversations)
        SELECT kind, name, COALESCE(OLD.assistant_id, ''), -1 FROM conversation_names WHERE conversation_id = OLD.conversation_id
        UNION ALL
        SELECT kind, name, COALESCE(NEW.assistant_id, ''), 1 FROM conversation_names WHERE conversation_id = NEW.conversation_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER conversation_metadata_counted_insert AFTER INSERT ON conversation_metadata
REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION count_inserted_conversation_metadata();

CREATE TRIGGER conversation_metadata_counted_delete AFTER DELETE ON conversation_metadata
REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION count_deleted_conversation_metadata();

CREATE TRIGGER conversation_metadata_recounted AFTER UPDATE OF in_training_data, assistant_id ON conversation_metadata
FOR EACH ROW
WHEN (OLD.in_training_data IS DISTINCT FROM NEW.in_training_data OR OLD.assistant_id IS DISTINCT FROM NEW.assistant_id)
EXECUTE FUNCTION count_updated_conversation_metadata();

-- Tag links, per statement.
DROP TRIGGER conversation_tags_counted ON conversation_tags;
DROP FUNCTION count_conversation_tags();

CREATE FUNCTION count_inserted_conversation_tags() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO tag_counts_pending (tag_id, conversations) SELECT tag_id, COUNT(*) FROM changed GROUP BY tag_id;
    RETURN NULL;
END
$$;

CREATE FUNCTION count_deleted_conversation_tags() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO tag_counts_pending (tag_id, conversations) SELECT tag_id, -COUNT(*) FROM changed GROUP BY tag_id;
    RETURN NULL;
END
$$;

CREATE TRIGGER conversation_tags_counted_insert AFTER INSERT ON conversation_tags
REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION count_inserted_conversation_tags();

CREATE TRIGGER conversation_tags_counted_delete AFTER DELETE ON conversation_tags
REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION count_deleted_conversation_tags();
