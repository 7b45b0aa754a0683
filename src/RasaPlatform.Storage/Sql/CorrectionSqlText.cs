using RasaPlatform.Core.Events;

namespace RasaPlatform.Storage.Sql;

/// <summary>The intent correction store's SQL, shared by every relational dialect; parameters are <c>@name</c>.</summary>
internal static class CorrectionSqlText
{
    private const string UserType = $"'{EventTypes.User}'";

    /// <summary>Returns a row when the conversation has a user event at exactly the timestamp.</summary>
    public const string FindUserMessage = $"""
        SELECT 1 FROM events
        WHERE conversation_id = @conversation AND timestamp = @timestamp AND type = {UserType}
        LIMIT 1
        """;

    public const string FindCorrection = """
        SELECT 1 FROM intent_corrections WHERE conversation_id = @conversation AND message_timestamp = @timestamp
        """;

    public const string Upsert = """
        INSERT INTO intent_corrections (conversation_id, message_timestamp, intent, corrected_at_ms)
        VALUES (@conversation, @timestamp, @intent, @now)
        ON CONFLICT (conversation_id, message_timestamp) DO UPDATE SET intent = excluded.intent, corrected_at_ms = excluded.corrected_at_ms
        """;

    public const string Delete = "DELETE FROM intent_corrections WHERE conversation_id = @conversation AND message_timestamp = @timestamp";

    public const string ReadOfSender = """
        SELECT i.message_timestamp, i.intent FROM intent_corrections i JOIN conversations c ON c.id = i.conversation_id
        WHERE c.sender_id = @sender
        ORDER BY i.message_timestamp
        """;

    /// <summary>Every corrected user event; the caller appends the time conditions (<c>AND ...</c>).</summary>
    public const string ReadCorrectedMessages = $"""
        SELECT c.sender_id, i.message_timestamp, i.intent, i.corrected_at_ms, e.data
        FROM intent_corrections i
        JOIN conversations c ON c.id = i.conversation_id
        JOIN events e ON e.conversation_id = i.conversation_id AND e.timestamp = i.message_timestamp AND e.type = {UserType}
        WHERE 1 = 1
        """;

    /// <summary>After a tracker replace: the conversation's corrections that match none of its user events any more.</summary>
    public const string DeleteUnmatched = $"""
        DELETE FROM intent_corrections
        WHERE conversation_id = @conversation AND NOT EXISTS (
            SELECT 1 FROM events e
            WHERE e.conversation_id = intent_corrections.conversation_id AND e.timestamp = intent_corrections.message_timestamp
              AND e.type = {UserType})
        """;

    /// <summary>The conversation's id by <c>@sender</c>, as flag changes find it.</summary>
    public const string FindConversation = FlagSqlText.FindConversation;
}
