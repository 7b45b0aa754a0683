-- conversation_names is keyed by its conversation first, and found by name through a secondary index.
--
-- Keyed (kind, name, conversation_id), every save wrote each of a conversation's ~14 name rows into the middle of the
-- table, beside the other conversations with that name: a batch of 1,000 conversations touched thousands of pages of
-- the table's tree, and its commit wrote each of them to the WAL again. Keyed by conversation first, a catch-up's
-- rows (conversations in id order) go to the end of the tree, and the look-up by name is an index a large catch-up
-- sets aside and builds once at its end (migration 028). Measured on a rebuild of 100,000 conversations: the name
-- rows' inserts 4.1 s to 2.1 s, the commits 4.5 s to 1.7 s; the index build at the end 1.7 s.
--
-- The rows move as they are: the same rows, so name_counts stays right. A store whose maintenance is deferred at
-- this migration keeps no record of this table's triggers (dropped with the table, created below): the rest of that
-- catch-up counts its name rows through them, and its end recomputes the counts anyway.

CREATE TABLE conversation_names_copy AS SELECT conversation_id, kind, name FROM conversation_names;
DROP TABLE conversation_names;
DELETE FROM deferred_maintenance WHERE table_name = 'conversation_names';

CREATE TABLE conversation_names (
    conversation_id INTEGER NOT NULL,
    kind            INTEGER NOT NULL,
    name            TEXT    NOT NULL,
    PRIMARY KEY (conversation_id, kind, name)
) WITHOUT ROWID;

INSERT INTO conversation_names (conversation_id, kind, name)
SELECT conversation_id, kind, name FROM conversation_names_copy ORDER BY conversation_id, kind, name;
DROP TABLE conversation_names_copy;

CREATE INDEX ix_conversation_names_name ON conversation_names (kind, name, conversation_id);

-- As migration 013 defined them.
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
