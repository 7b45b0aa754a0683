-- Conversation tags (ITagStore): tags per assistant, and links between tags and conversations.

-- The identity never hands out an id again, so an id a client kept after its tag was deleted names nothing, rather
-- than a newer tag. Names are unique per assistant; a deterministic collation compares equal strings byte for byte.
CREATE TABLE tags (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    assistant     TEXT   NOT NULL,
    name          TEXT   NOT NULL,
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL
);

CREATE UNIQUE INDEX ux_tags_assistant_name ON tags (assistant, name);

-- The listing's `tags` filter names tags of any assistant.
CREATE INDEX ix_tags_name ON tags (name);

-- A conversation's tags are read by the key (listing items, export pages); a tag's conversations by the second index
-- (the filters, and a tag's deletion). Rows are keyed by the conversation's id, like every row of a conversation, and
-- deleted with it (SqlConversationStore.ConversationTables). No foreign keys, as elsewhere in this schema.
CREATE TABLE conversation_tags (
    conversation_id BIGINT NOT NULL,
    tag_id          BIGINT NOT NULL,
    tagged_at_ms    BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, tag_id)
);

CREATE INDEX ix_conversation_tags_tag ON conversation_tags (tag_id, conversation_id);

-- How many conversations carry each tag, kept by a trigger in the transaction of every link and unlink (as
-- name_counts of migration 006): a tag filter whose tags no conversation carries ends the listing before it runs.
-- Rows change only by insert and delete.
CREATE TABLE tag_counts (
    tag_id        BIGINT PRIMARY KEY,
    conversations BIGINT NOT NULL
);

CREATE FUNCTION count_conversation_tags() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO tag_counts (tag_id, conversations) VALUES (NEW.tag_id, 1)
        ON CONFLICT (tag_id) DO UPDATE SET conversations = tag_counts.conversations + 1;
    ELSE
        UPDATE tag_counts SET conversations = conversations - 1 WHERE tag_id = OLD.tag_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER conversation_tags_counted AFTER INSERT OR DELETE ON conversation_tags
FOR EACH ROW EXECUTE FUNCTION count_conversation_tags();

-- The raw export pages through one assistant's conversations in the order they were first stored.
CREATE INDEX ix_conversation_metadata_assistant ON conversation_metadata (assistant_id, conversation_id);
