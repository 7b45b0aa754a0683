-- Exact counts the listing reads instead of counting: how many conversations list each name, and how many there are
-- with and without in_training_data. Triggers keep them in the transaction of every write to the rows they count,
-- so they can never drift from a COUNT(*) of those rows, whichever code path writes (save, rebuild, deletion).
-- conversation_names rows are only ever inserted and deleted, never updated. The functions resolve the tables
-- through the writer's search_path, like every other statement of the service.

CREATE TABLE name_counts (
    kind          SMALLINT NOT NULL,
    name          TEXT     NOT NULL,
    conversations BIGINT   NOT NULL,
    PRIMARY KEY (kind, name)
);

INSERT INTO name_counts (kind, name, conversations)
SELECT kind, name, COUNT(*) FROM conversation_names GROUP BY kind, name;

CREATE FUNCTION count_conversation_names() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO name_counts (kind, name, conversations) VALUES (NEW.kind, NEW.name, 1)
        ON CONFLICT (kind, name) DO UPDATE SET conversations = name_counts.conversations + 1;
    ELSE
        UPDATE name_counts SET conversations = conversations - 1 WHERE kind = OLD.kind AND name = OLD.name;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER conversation_names_counted AFTER INSERT OR DELETE ON conversation_names
FOR EACH ROW EXECUTE FUNCTION count_conversation_names();

CREATE TABLE training_counts (
    in_training_data BOOLEAN PRIMARY KEY,
    conversations    BIGINT  NOT NULL
);

INSERT INTO training_counts (in_training_data, conversations)
SELECT v, (SELECT COUNT(*) FROM conversation_metadata m WHERE m.in_training_data = v) FROM (VALUES (false), (true)) t (v);

CREATE FUNCTION count_conversation_metadata() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE training_counts SET conversations = conversations - 1 WHERE in_training_data = OLD.in_training_data;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE training_counts SET conversations = conversations + 1 WHERE in_training_data = NEW.in_training_data;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER conversation_metadata_counted AFTER INSERT OR DELETE ON conversation_metadata
FOR EACH ROW EXECUTE FUNCTION count_conversation_metadata();

CREATE TRIGGER conversation_metadata_recounted AFTER UPDATE OF in_training_data ON conversation_metadata
FOR EACH ROW WHEN (OLD.in_training_data IS DISTINCT FROM NEW.in_training_data)
EXECUTE FUNCTION count_conversation_metadata();
