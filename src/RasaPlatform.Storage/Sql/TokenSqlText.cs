namespace RasaPlatform.Storage.Sql;

/// <summary>SQL of the API token store, the same on every dialect; parameters are <c>@name</c>.</summary>
internal static class TokenSqlText
{
    private const string Columns = "id, name, role, assistants, created_at_ms, revoked_at_ms";

    /// <summary>Inserts nothing, and affects no row, when the id or the hash is taken.</summary>
    public const string Insert = """
        INSERT INTO api_tokens (id, token_hash, name, role, assistants, created_at_ms)
        VALUES (@id, @hash, @name, @role, @assistants, @created)
        ON CONFLICT DO NOTHING
        """;

    public const string FindActive = "SELECT " + Columns + " FROM api_tokens WHERE token_hash = @hash AND revoked_at_ms IS NULL";

    public const string List = "SELECT " + Columns + " FROM api_tokens ORDER BY created_at_ms, id";

    /// <summary>Keeps the first revocation time; returns the row whether or not it was revoked before.</summary>
    public const string Revoke = """
        UPDATE api_tokens SET revoked_at_ms = COALESCE(revoked_at_ms, @at) WHERE id = @id
        RETURNING id, name, role, assistants, created_at_ms, revoked_at_ms
        """;

    /// <summary>
    /// The folded assistant of a stored conversation, and whether the fold is of its current revision (1) or not (0);
    /// no row when the conversation is not stored.
    /// </summary>
    public const string FindAssistant = """
        SELECT m.assistant_id, CASE WHEN m.revision = c.revision THEN 1 ELSE 0 END
        FROM conversations c LEFT JOIN conversation_metadata m ON m.conversation_id = c.id
        WHERE c.sender_id = @sender
        """;
}
