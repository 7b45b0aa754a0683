namespace RasaPlatform.Storage.Sql;

/// <summary>SQL shared by every relational dialect; parameters are <c>@name</c>.</summary>
internal static class SqlText
{
    public const string FindConversation =
        "SELECT sender_id, event_count, latest_event_time FROM conversations WHERE sender_id = @sender";

    public const string UpsertConversation = """
        INSERT INTO conversations (sender_id, created_at_ms, updated_at_ms) VALUES (@sender, @now, @now)
        ON CONFLICT (sender_id) DO UPDATE SET updated_at_ms = excluded.updated_at_ms
        RETURNING id, next_seq, event_count, latest_event_time, revision
        """;

    public const string UpdateConversation = """
        UPDATE conversations SET next_seq = @nextSeq, event_count = @count, latest_event_time = @latest, revision = @revision
        WHERE id = @id
        """;

    /// <summary>Queues a conversation for the metadata projector; a queued one keeps its place and takes the new revision.</summary>
    public const string EnqueueMetadata = $"""
        INSERT INTO metadata_queue (conversation_id, revision, enqueued_at_ms) VALUES (@id, @revision, @now)
        {MetadataSqlText.Requeue}
        """;

    public const string DeleteEvents = "DELETE FROM events WHERE conversation_id = @conversation";

    public const string InsertEvent = """
        INSERT INTO events (conversation_id, seq, type, timestamp, content_hash, name, data)
        VALUES (@conversation, @seq, @type, @timestamp, @hash, @name, @data)
        """;

    /// <summary>Takes the parameter list as format item 0.</summary>
    public const string CountHashesInList = """
        SELECT content_hash, COUNT(*) FROM events
        WHERE conversation_id = @conversation AND content_hash IN ({0})
        GROUP BY content_hash
        """;

    public const string ReadEvents = """
        SELECT e.seq, e.type, e.timestamp, e.data, e.name
        FROM events e JOIN conversations c ON c.id = e.conversation_id
        WHERE c.sender_id = @sender AND e.timestamp <= @until AND e.seq >= @from AND e.seq <= @through
        ORDER BY e.seq
        """;

    /// <summary>Returns a row only when the lease was taken or renewed: free, expired (at or past its expiry) or ours.</summary>
    public const string AcquireLease = """
        INSERT INTO leases (name, owner, expires_at_ms) VALUES (@name, @owner, @expires)
        ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at_ms = excluded.expires_at_ms
        WHERE leases.expires_at_ms <= @now OR leases.owner = excluded.owner
        RETURNING owner
        """;

    public const string ReleaseLease = "DELETE FROM leases WHERE name = @name AND owner = @owner";
}
