using RasaPlatform.Core.Events;

namespace RasaPlatform.Storage.Sql;

/// <summary>The flag store's SQL, shared by every relational dialect; parameters are <c>@name</c>.</summary>
internal static class FlagSqlText
{
    /// <summary>The message event types (<see cref="EventTypes.IsMessage"/>) as an SQL list.</summary>
    private const string MessageTypes = $"'{EventTypes.User}', '{EventTypes.Bot}', '{EventTypes.Agent}'";

    public const string FindConversation = "SELECT id FROM conversations WHERE sender_id = @sender";

    /// <summary>Returns a row when the conversation has a message at exactly the timestamp.</summary>
    public const string FindMessage = $"""
        SELECT 1 FROM events
        WHERE conversation_id = @conversation AND timestamp = @timestamp AND type IN ({MessageTypes})
        LIMIT 1
        """;

    /// <summary>Keeps the first flag's time when the message is flagged already.</summary>
    public const string Insert = """
        INSERT INTO message_flags (conversation_id, timestamp, flagged_at_ms) VALUES (@conversation, @timestamp, @now)
        ON CONFLICT (conversation_id, timestamp) DO NOTHING
        """;

    public const string Delete = "DELETE FROM message_flags WHERE conversation_id = @conversation AND timestamp = @timestamp";

    public const string ReadFlagged = """
        SELECT f.timestamp FROM message_flags f JOIN conversations c ON c.id = f.conversation_id
        WHERE c.sender_id = @sender
        ORDER BY f.timestamp
        """;

    /// <summary>After a tracker replace: the conversation's flags that match none of its messages any more.</summary>
    public const string DeleteUnmatched = $"""
        DELETE FROM message_flags
        WHERE conversation_id = @conversation AND NOT EXISTS (
            SELECT 1 FROM events e
            WHERE e.conversation_id = message_flags.conversation_id AND e.timestamp = message_flags.timestamp
              AND e.type IN ({MessageTypes}))
        """;
}
