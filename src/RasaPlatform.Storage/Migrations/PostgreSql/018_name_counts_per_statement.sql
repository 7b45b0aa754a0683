-- name_counts was kept by a PL/pgSQL row trigger on conversation_names: one call, one metadata look-up and one upsert
-- per name row, about 55 µs each, which made the batch's insert of name rows the metadata job's costliest statement
-- (58 ms of every batch of 100 conversations). A statement trigger now counts each statement's changed rows grouped
-- by name and assistant, one upsert per group in key order. The rules of migration 013 are unchanged: a row is
-- counted under the assistant of the metadata row beside it, which a save upserts before it writes the name rows and
-- a deletion removes after them.

DROP TRIGGER conversation_names_counted ON conversation_names;
DROP FUNCTION count_conversation_names();

CREATE FUNCTION count_inserted_conversation_names() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO name_counts AS c (kind, name, assistant_id, conversations)
    SELECT n.kind, n.name, COALESCE(m.assistant_id, ''), COUNT(*)
    FROM changed n LEFT JOIN conversation_metadata m ON m.conversation_id = n.conversation_id
    GROUP BY n.kind, n.name, COALESCE(m.assistant_id, '')
    ORDER BY n.kind, n.name, COALESCE(m.assistant_id, '')
    ON CONFLICT (kind, name, assistant_id) DO UPDATE SET conversations = c.conversations + excluded.conversations;
    RETURN NULL;
END
$$;

CREATE FUNCTION count_deleted_conversation_names() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE name_counts c SET conversations = c.conversations - d.conversations
    FROM (
        SELECT n.kind, n.name, COALESCE(m.assistant_id, '') AS assistant_id, COUNT(*) AS conversations
        FROM changed n LEFT JOIN conversation_metadata m ON m.conversation_id = n.conversation_id
        GROUP BY n.kind, n.name, COALESCE(m.assistant_id, '')
    ) d
    WHERE c.kind = d.kind AND c.name = d.name AND c.assistant_id = d.assistant_id;
    RETURN NULL;
END
$$;

CREATE TRIGGER conversation_names_counted_insert AFTER INSERT ON conversation_names
REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION count_inserted_conversation_names();

CREATE TRIGGER conversation_names_counted_delete AFTER DELETE ON conversation_names
REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION count_deleted_conversation_names();
