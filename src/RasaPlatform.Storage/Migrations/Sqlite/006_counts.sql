-- Exact counts the listing reads instead of counting: how many conversations list each name, and how many there are
-- with and without in_training_data. Triggers keep them in the transaction of every write to the rows they count,
-- so they can never drift from a COUNT(*) of those rows, whichever code path writes (save, rebuild, deletion).
-- conversation_names rows are only ever inserted and deleted, never updated.

CREATE TABLE name_counts (
    kind          INTEGER NOT NULL,
    name          TEXT    NOT NULL,
    conversations INTEGER NOT NULL,
    PRIMARY KEY (kind, name)
) WITHOUT ROWID;

INSERT INTO name_counts (kind, name, conversations)
SELECT kind, name, COUNT(*) FROM conversation_names GROUP BY kind, name;

CREATE TRIGGER conversation_names_count_insert AFTER INSERT ON conversation_names
BEGIN
    INSERT INTO name_counts (kind, name, conversations) VALUES (NEW.kind, NEW.name, 1)
    ON CONFLICT (kind, name) DO UPDATE SET conversations = conversations + 1;
END;

CREATE TRIGGER conversation_names_count_delete AFTER DELETE ON conversation_names
BEGIN
    UPDATE name_counts SET conversations = conversations - 1 WHERE kind = OLD.kind AND name = OLD.name;
END;

CREATE TABLE training_counts (
    in_training_data INTEGER PRIMARY KEY, -- 0 or 1
    conversations    INTEGER NOT NULL
);

INSERT INTO training_counts (in_training_data, conversations) VALUES (0, 0), (1, 0);
UPDATE training_counts SET conversations = (
    SELECT COUNT(*) FROM conversation_metadata m WHERE m.in_training_data = training_counts.in_training_data);

CREATE TRIGGER conversation_metadata_count_insert AFTER INSERT ON conversation_metadata
BEGIN
    UPDATE training_counts SET conversations = conversations + 1 WHERE in_training_data = NEW.in_training_data;
END;

CREATE TRIGGER conversation_metadata_count_delete AFTER DELETE ON conversation_metadata
BEGIN
    UPDATE training_counts SET conversations = conversations - 1 WHERE in_training_data = OLD.in_training_data;
END;

CREATE TRIGGER conversation_metadata_count_update AFTER UPDATE OF in_training_data ON conversation_metadata
WHEN OLD.in_training_data <> NEW.in_training_data
BEGIN
    UPDATE training_counts SET conversations = conversations - 1 WHERE in_training_data = OLD.in_training_data;
    UPDATE training_counts SET conversations = conversations + 1 WHERE in_training_data = NEW.in_training_data;
END;
