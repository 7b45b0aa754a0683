-- The name_counts statement triggers of migration 018 joined each statement's changed name rows to
-- conversation_metadata to find each row's assistant. The planner hashed that join, reading the whole metadata table
-- for every batch the metadata job saved: 25 ms at 50,000 conversations, and growing with the store. Now each
-- distinct conversation of the statement looks its assistant up through the primary key, so the cost follows the
-- batch, not the store. What is counted, and under which assistant, is unchanged.

-- The assistant name_counts counts a conversation's name rows under: '' when its metadata names none, or is gone.
CREATE FUNCTION counted_assistant(conversation BIGINT) RETURNS TEXT LANGUAGE sql STABLE AS $$
    SELECT COALESCE((SELECT assistant_id FROM conversation_metadata WHERE conversation_id = conversation), '')
$$;

CREATE OR REPLACE FUNCTION count_inserted_conversation_names() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO name_counts AS c (kind, name, assistant_id, conversations)
    SELECT n.kind, n.name, o.assistant_id, COUNT(*)
    FROM changed n
    JOIN (SELECT conversation_id, counted_assistant(conversation_id) AS assistant_id FROM (SELECT DISTINCT conversation_id FROM changed) ids) o
      ON o.conversation_id = n.conversation_id
    GROUP BY n.kind, n.name, o.assistant_id
    ORDER BY n.kind, n.name, o.assistant_id
    ON CONFLICT (kind, name, assistant_id) DO UPDATE SET conversations = c.conversations + excluded.conversations;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION count_deleted_conversation_names() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE name_counts c SET conversations = c.conversations - d.conversations
    FROM (
        SELECT n.kind, n.name, o.assistant_id, COUNT(*) AS conversations
        FROM changed n
        JOIN (SELECT conversation_id, counted_assistant(conversation_id) AS assistant_id FROM (SELECT DISTINCT conversation_id FROM changed) ids) o
          ON o.conversation_id = n.conversation_id
        GROUP BY n.kind, n.name, o.assistant_id
    ) d
    WHERE c.kind = d.kind AND c.name = d.name AND c.assistant_id = d.assistant_id;
    RETURN NULL;
END
$$;
