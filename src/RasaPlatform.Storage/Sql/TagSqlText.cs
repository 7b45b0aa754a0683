namespace RasaPlatform.Storage.Sql;

/// <summary>The tag store's SQL, shared by every relational dialect; parameters are <c>@name</c>.</summary>
internal static class TagSqlText
{
    public const string List = "SELECT id, name, assistant FROM tags WHERE assistant = @assistant";

    public const string Get = "SELECT id, name, assistant FROM tags WHERE id = @id";

    /// <summary>Returns the new id, or no row when the assistant has a tag of the name (even one being created concurrently).</summary>
    public const string Create = """
        INSERT INTO tags (assistant, name, created_at_ms, updated_at_ms) VALUES (@assistant, @name, @now, @now)
        ON CONFLICT (assistant, name) DO NOTHING
        RETURNING id
        """;

    /// <summary>Returns the renamed tag, or no row when there is no such tag or another of its assistant has the name.</summary>
    public const string Rename = """
        UPDATE tags SET name = @name, updated_at_ms = @now
        WHERE id = @id AND NOT EXISTS (SELECT 1 FROM tags o WHERE o.assistant = tags.assistant AND o.name = @name AND o.id <> @id)
        RETURNING id, name, assistant
        """;

    /// <summary>Deleted first: on a server engine the row lock holds off new links to the tag until the deletion commits.</summary>
    public const string DeleteTag = "DELETE FROM tags WHERE id = @id RETURNING id";

    /// <summary>Then its links (the count follows by trigger, or by the dialect's fold of what the trigger left pending) ...</summary>
    public const string DeleteTagLinks = "DELETE FROM conversation_tags WHERE tag_id = @id";

    /// <summary>... then its count.</summary>
    public const string DeleteTagCount = "DELETE FROM tag_counts WHERE tag_id = @id";

    /// <summary>The conversation's revision, and its metadata's revision and assistant when it has metadata.</summary>
    public const string FindConversation = """
        SELECT c.revision, m.revision, m.assistant_id
        FROM conversations c LEFT JOIN conversation_metadata m ON m.conversation_id = c.id
        WHERE c.sender_id = @sender
        """;

    public const string FindConversationForLink = "SELECT id, revision FROM conversations WHERE sender_id = @sender";

    public const string FindTagForLink = "SELECT assistant FROM tags WHERE id = @tag";

    public const string InsertLink = """
        INSERT INTO conversation_tags (conversation_id, tag_id, tagged_at_ms) VALUES (@conversation, @tag, @now)
        ON CONFLICT (conversation_id, tag_id) DO NOTHING
        """;

    public const string DeleteLink = """
        DELETE FROM conversation_tags
        WHERE tag_id = @tag AND conversation_id IN (SELECT id FROM conversations WHERE sender_id = @sender)
        """;

    public const string ReadTags = """
        SELECT t.id, t.name, t.assistant
        FROM conversations c
        JOIN conversation_tags l ON l.conversation_id = c.id
        JOIN tags t ON t.id = l.tag_id
        WHERE c.sender_id = @sender
        """;

    /// <summary>The tags of the conversations in <paramref name="ids"/>, a list of literal integers.</summary>
    public static string TagsOfConversations(string ids) => $"""
        SELECT l.conversation_id, t.id, t.name, t.assistant
        FROM conversation_tags l JOIN tags t ON t.id = l.tag_id
        WHERE l.conversation_id IN ({ids})
        """;
}
