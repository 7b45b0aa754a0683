namespace RasaPlatform.Storage.Sql;

/// <summary>The metadata store's SQL, shared by every relational dialect; parameters are <c>@name</c>.</summary>
internal static class MetadataSqlText
{
    public const string Claim = """
        SELECT q.conversation_id, c.sender_id, q.revision
        FROM metadata_queue q JOIN conversations c ON c.id = q.conversation_id
        ORDER BY q.enqueued_at_ms, q.conversation_id
        LIMIT @limit
        """;

    /// <summary>
    /// Returns a row only when stored: never over metadata saved at a newer revision, never for a conversation that is
    /// no longer stored (a fold claimed before its deletion). <paramref name="conversationLock"/> is the dialect's
    /// locking clause on the conversation row, if any.
    /// </summary>
    public static string Upsert(string conversationLock) => $"""
        INSERT INTO conversation_metadata ({UpsertColumns})
        SELECT
            @id, @sender, @revision, @eventCount, @latest, @latestUser, @first,
            @channel, @assistant, @minAction, @maxAction,
            @minIntent, @maxIntent, @inTraining, @userMessages, @botMessages,
            @intents, @entities, @actions, @policies, @channels
        WHERE EXISTS (SELECT 1 FROM conversations WHERE id = @id {conversationLock})
        {UpsertConflict}
        RETURNING conversation_id
        """;

    /// <summary>The upsert's insert column list, in the order of <see cref="SqlMetadataStore.UpsertParameterNames"/>.</summary>
    public const string UpsertColumns = """
        conversation_id, sender_id, revision, event_count, latest_event_time, latest_user_event_time, first_event_time,
        latest_input_channel, assistant_id, minimum_action_confidence, maximum_action_confidence,
        minimum_intent_confidence, maximum_intent_confidence, in_training_data, n_user_messages, n_bot_messages,
        intents, entities, actions, policies, input_channels
        """;

    /// <summary>What an upsert over an existing row does: replace it, unless it holds a newer revision.</summary>
    public const string UpsertConflict = """
        ON CONFLICT (conversation_id) DO UPDATE SET
            sender_id = excluded.sender_id, revision = excluded.revision, event_count = excluded.event_count,
            latest_event_time = excluded.latest_event_time, latest_user_event_time = excluded.latest_user_event_time,
            first_event_time = excluded.first_event_time, latest_input_channel = excluded.latest_input_channel,
            assistant_id = excluded.assistant_id, minimum_action_confidence = excluded.minimum_action_confidence,
            maximum_action_confidence = excluded.maximum_action_confidence,
            minimum_intent_confidence = excluded.minimum_intent_confidence,
            maximum_intent_confidence = excluded.maximum_intent_confidence, in_training_data = excluded.in_training_data,
            n_user_messages = excluded.n_user_messages, n_bot_messages = excluded.n_bot_messages,
            intents = excluded.intents, entities = excluded.entities, actions = excluded.actions, policies = excluded.policies,
            input_channels = excluded.input_channels
        WHERE conversation_metadata.revision <= excluded.revision
        """;

    public const string DeleteNames = "DELETE FROM conversation_names WHERE conversation_id = @id";

    public const string InsertName = "INSERT INTO conversation_names (kind, name, conversation_id) VALUES (@kind, @name, @id)";

    /// <summary>Removes the queue item only while no newer write has re-queued it.</summary>
    public const string Dequeue = "DELETE FROM metadata_queue WHERE conversation_id = @id AND revision = @revision";

    /// <summary>One conversation's metadata, as <see cref="SqlMetadataStore.ReadMetadata"/> reads it.</summary>
    public static readonly string Get = $"""
        SELECT {SqlMetadataStore.MetadataColumns("t.text")}
        FROM conversations c
        JOIN conversation_metadata m ON m.conversation_id = c.id
        LEFT JOIN conversation_text t ON t.conversation_id = m.conversation_id
        WHERE c.sender_id = @sender
        """;

    /// <summary>The <c>WHERE true</c> keeps SQLite from reading <c>ON CONFLICT</c> as a join constraint.</summary>
    public const string EnqueueAll = """
        INSERT INTO metadata_queue (conversation_id, revision, enqueued_at_ms)
        SELECT id, revision, @now FROM conversations WHERE true ORDER BY id
        ON CONFLICT (conversation_id) DO UPDATE SET revision = excluded.revision
        """;

    public const string PendingCount = "SELECT COUNT(*) FROM metadata_queue";

    public const string AnyPending = "SELECT EXISTS (SELECT 1 FROM metadata_queue)";
}
