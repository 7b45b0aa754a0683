using System.Data.Common;
using System.Text.Json;
using RasaPlatform.Core.Listing;
using RasaPlatform.Core.Metadata;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Storage.Sql;

/// <summary>
/// One column of <c>conversation_metadata</c> a metadata save writes: its name, the upsert's parameter, its value, and
/// how a read puts it back into the metadata (none for the key and the revision, which the metadata does not hold).
/// </summary>
internal abstract class SavedMetadataColumn(string column, string parameter)
{
    public string Column { get; } = column;

    /// <summary>The upsert's parameter (without <c>@</c>), also the column's alias where a dialect unnests rows.</summary>
    public string Parameter { get; } = parameter;

    /// <summary>The column's value for one update.</summary>
    public abstract object? Value(MetadataUpdate update);

    /// <summary>The column's values for several updates, as a typed array (one array parameter per column).</summary>
    public abstract Array Values(IReadOnlyList<MetadataUpdate> updates);

    /// <summary>Whether a read of the metadata reads this column (<see cref="ReadInto"/>).</summary>
    public abstract bool IsRead { get; }

    /// <summary>The metadata with this column's value, read at <paramref name="ordinal"/>, put in.</summary>
    public abstract ConversationMetadata ReadInto(ConversationMetadata metadata, DbDataReader reader, int ordinal);
}

/// <summary>A saved column whose values are of type <typeparamref name="T"/>.</summary>
/// <param name="column">The column's name.</param>
/// <param name="parameter">The upsert's parameter.</param>
/// <param name="value">The value an update saves.</param>
/// <param name="read">Puts the value read back into the metadata; null for a column the metadata does not hold.</param>
internal sealed class SavedMetadataColumn<T>(
    string column,
    string parameter,
    Func<MetadataUpdate, T> value,
    Func<ConversationMetadata, DbDataReader, int, ConversationMetadata>? read = null) : SavedMetadataColumn(column, parameter)
{
    public override bool IsRead => read is not null;

    public override ConversationMetadata ReadInto(ConversationMetadata metadata, DbDataReader reader, int ordinal) =>
        read is null ? throw new InvalidOperationException($"{Column} is not read into the metadata.") : read(metadata, reader, ordinal);

    public override object? Value(MetadataUpdate update) => value(update);

    public override Array Values(IReadOnlyList<MetadataUpdate> updates)
    {
        var values = new T[updates.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = value(updates[i]);
        }

        return values;
    }
}

/// <summary>
/// The columns a metadata save writes, in one list: the upsert's column list, its parameters, its conflict clause and
/// each dialect's binding are derived from it, so a new column is one line here (and its migration).
/// </summary>
internal static class SavedMetadataColumns
{
    /// <summary>Every saved column, the conversation's id first.</summary>
    public static IReadOnlyList<SavedMetadataColumn> All { get; } =
    [
        new SavedMetadataColumn<long>("conversation_id", "id", u => u.ConversationId),
        new SavedMetadataColumn<string>("sender_id", "sender", u => u.Metadata.SenderId, (m, r, i) => m with { SenderId = r.GetString(i) }),
        new SavedMetadataColumn<long>("revision", "revision", u => u.Revision),
        new SavedMetadataColumn<long>("event_count", "eventCount", u => u.Metadata.EventCount, (m, r, i) => m with { EventCount = r.GetInt64(i) }),
        new SavedMetadataColumn<double?>("latest_event_time", "latest", u => u.Metadata.LatestEventTime, (m, r, i) => m with { LatestEventTime = Double(r, i) }),
        new SavedMetadataColumn<double?>("latest_user_event_time", "latestUser", u => u.Metadata.LatestUserEventTime, (m, r, i) => m with { LatestUserEventTime = Double(r, i) }),
        new SavedMetadataColumn<double?>("first_event_time", "first", u => u.Metadata.FirstEventTime, (m, r, i) => m with { FirstEventTime = Double(r, i) }),
        new SavedMetadataColumn<string?>("latest_input_channel", "channel", u => u.Metadata.LatestInputChannel, (m, r, i) => m with { LatestInputChannel = Text(r, i) }),
        new SavedMetadataColumn<string?>("assistant_id", "assistant", u => u.Metadata.AssistantId, (m, r, i) => m with { AssistantId = Text(r, i) }),
        new SavedMetadataColumn<double?>("minimum_action_confidence", "minAction", u => u.Metadata.MinimumActionConfidence, (m, r, i) => m with { MinimumActionConfidence = Double(r, i) }),
        new SavedMetadataColumn<double?>("maximum_action_confidence", "maxAction", u => u.Metadata.MaximumActionConfidence, (m, r, i) => m with { MaximumActionConfidence = Double(r, i) }),
        new SavedMetadataColumn<double?>("minimum_intent_confidence", "minIntent", u => u.Metadata.MinimumIntentConfidence, (m, r, i) => m with { MinimumIntentConfidence = Double(r, i) }),
        new SavedMetadataColumn<double?>("maximum_intent_confidence", "maxIntent", u => u.Metadata.MaximumIntentConfidence, (m, r, i) => m with { MaximumIntentConfidence = Double(r, i) }),
        new SavedMetadataColumn<bool>("in_training_data", "inTraining", u => u.Metadata.InTrainingData, (m, r, i) => m with { InTrainingData = r.GetBoolean(i) }),
        new SavedMetadataColumn<bool>("session_ended", "sessionEnded", u => u.Metadata.SessionEnded, (m, r, i) => m with { SessionEnded = r.GetBoolean(i) }),
        new SavedMetadataColumn<int>("n_user_messages", "userMessages", u => u.Metadata.UserMessageCount, (m, r, i) => m with { UserMessageCount = r.GetInt32(i) }),
        new SavedMetadataColumn<int>("n_bot_messages", "botMessages", u => u.Metadata.BotMessageCount, (m, r, i) => m with { BotMessageCount = r.GetInt32(i) }),
        new SavedMetadataColumn<string>("intents", "intents", u => JsonSerializer.Serialize(u.Metadata.Intents), (m, r, i) => m with { Intents = List(r, i) }),
        new SavedMetadataColumn<string>("entities", "entities", u => JsonSerializer.Serialize(u.Metadata.Entities), (m, r, i) => m with { Entities = List(r, i) }),
        new SavedMetadataColumn<string>("actions", "actions", u => JsonSerializer.Serialize(u.Metadata.Actions), (m, r, i) => m with { Actions = List(r, i) }),
        new SavedMetadataColumn<string>("policies", "policies", u => JsonSerializer.Serialize(u.Metadata.Policies), (m, r, i) => m with { Policies = List(r, i) }),
        new SavedMetadataColumn<string>("input_channels", "channels", u => JsonSerializer.Serialize(u.Metadata.InputChannels), (m, r, i) => m with { InputChannels = List(r, i) }),
        new SavedMetadataColumn<string>(
            "slots",
            "slots",
            u => JsonSerializer.Serialize(u.Metadata.Slots.Select(v => v.Key)),
            (m, r, i) => m with { Slots = [.. List(r, i).Select(SlotValue.FromKey)] }),
    ];

    /// <summary>The columns a read of the metadata reads, in the order <see cref="Read"/> expects them.</summary>
    public static IReadOnlyList<SavedMetadataColumn> ReadColumns { get; } = [.. All.Where(c => c.IsRead)];

    /// <summary>The <see cref="ReadColumns"/> of <c>conversation_metadata m</c>, for a select list.</summary>
    public static string ReadList { get; } = string.Join(", ", ReadColumns.Select(c => "m." + c.Column));

    /// <summary>The metadata a row holds, its <see cref="ReadColumns"/> starting at <paramref name="first"/>; the search text is not among them.</summary>
    public static ConversationMetadata Read(DbDataReader reader, int first)
    {
        var metadata = new ConversationMetadata
        {
            SenderId = "", EventCount = 0, Intents = [], Entities = [], Actions = [], Policies = [], InTrainingData = false, UserMessageCount = 0, BotMessageCount = 0,
        };
        for (var i = 0; i < ReadColumns.Count; i++)
        {
            metadata = ReadColumns[i].ReadInto(metadata, reader, first + i);
        }

        return metadata;
    }

    private static double? Double(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static string[] List(DbDataReader reader, int ordinal) => JsonSerializer.Deserialize<string[]>(reader.GetString(ordinal)) ?? [];

    /// <summary>The insert's column list.</summary>
    public static string ColumnList { get; } = string.Join(", ", All.Select(c => c.Column));

    /// <summary>The parameters, in column order, without <c>@</c>.</summary>
    public static string[] ParameterNames { get; } = [.. All.Select(c => c.Parameter)];

    /// <summary>The parameters as SQL (<c>@id, @sender, …</c>), in column order.</summary>
    public static string ParameterList { get; } = string.Join(", ", All.Select(c => "@" + c.Parameter));

    /// <summary>What an upsert over an existing row does: replace every column but the key, unless it holds a newer revision.</summary>
    public static string Conflict { get; } = $"""
        ON CONFLICT (conversation_id) DO UPDATE SET
            {string.Join(", ", All.Skip(1).Select(c => $"{c.Column} = excluded.{c.Column}"))}
        WHERE conversation_metadata.revision <= excluded.revision
        """;

    /// <summary>The values of the upsert's parameters for one update, in column order.</summary>
    public static object?[] Values(MetadataUpdate update)
    {
        var values = new object?[All.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = All[i].Value(update);
        }

        return values;
    }
}
