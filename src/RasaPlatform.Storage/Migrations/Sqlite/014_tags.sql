-- Conversation tags (ITagStore): tags per assistant, and links between tags and conversations.

-- AUTOINCREMENT: an id is never handed out again, so an id a client kept after its tag was deleted names nothing,
-- rather than a newer tag. Names are unique per assistant, compared byte for byte (BINARY) as PostgreSQL compares them.
CREATE TABLE tags (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    assistant     TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    created_at_ms INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL
);

CREATE UNIQUE INDEX ux_tags_assistant_name ON tags (assistant, name);

-- The listing's `tags` filter names tags of any assistant.
CREATE INDEX ix_tags_name ON tags (name);

-- A conversation's tags are read by the key (listing items, export pages); a tag's conversations by the second index
-- (the filters, and a tag's deletion). Rows are keyed by the conversation's id, like every row of a conversation, and
-- deleted with it (SqlConversationStore.ConversationTables). No foreign keys, as elsewhere in this schema.
CREATE TABLE conversation_tags (
    conversation_id INTEGER NOT NULL,
    tag_id          INTEGER NOT NULL,
    tagged_at_ms    INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, tag_id)
) WITHOUT ROWID;

CREATE INDEX ix_conversation_tags_tag ON conversation_tags (tag_id, conversation_id);

-- How many conversations carry each tag, kept by triggers in the transaction of every link and unlink (as
-- name_counts of migration 006): the listing's estimate of how rare a tag filter is, at the cost of a key lookup, and
-- a filter whose tags no conversation carries ends the listing before it runs.
-- Rows change only by insert and delete.
CREATE TABLE tag_counts (
    tag_id        INTEGER PRIMARY KEY,
    conversations INTEGER NOT NULL
);

CREATE TRIGGER conversation_tags_count_insert AFTER INSERT ON conversation_tags
BEGIN
    INSERT INTO tag_counts (tag_id, conversations) VALUES (NEW.tag_id, 1)
    ON CONFLICT (tag_id) DO UPDATE SET conversations = conversations + 1;
END;

CREATE TRIGGER conversation_tags_count_delete AFTER DELETE ON conversation_tags
BEGIN
    UPDATE tag_counts SET conversations = conversations - 1 WHERE tag_id = OLD.tag_id;
END;

-- The raw export pages through one assistant's conversations in the order they were first stored: this index is
-- (assistant_id, conversation_id), the rowid being the key, so a page is one index range read in order.
CREATE INDEX ix_conversation_metadata_assistant ON conversation_metadata (assistant_id);
