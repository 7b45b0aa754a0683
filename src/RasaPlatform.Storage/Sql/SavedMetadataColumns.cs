using System.Text.Json;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Storage.Sql;

/// <summary>One column of <c>conversation_metadata</c> a metadata save writes: its name, the upsert's parameter, its value.</summary>
internal abstract class SavedMetadataColumn(string column, string parameter)
{
    public string Column { get; } = column;

    /// <summary>The upsert's parameter (without <c>@</c>), also the column's alias where a dialect unnests rows.</summary>
    public string Parameter { get; } = parameter;

    /// <summary>The column's value for one update.</summary>
    public abstract object? Value(MetadataUpdate update);

    /// <summary>The column's values for several updates, as a typed array (one array parameter per column).</summary>
    public abstract Array Values(IReadOnlyList<MetadataUpdate> updates);
}

/// <summary>A saved column whose values are of type <typeparamref name="T"/>.</summary>
internal sealed class SavedMetadataColumn<T>(string column, string parameter, Func<MetadataUpdate, T> value) : SavedMetadataColumn(column, parameter)
{
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
        new SavedMetadataColumn<string>("sender_id", "sender", u => u.Metadata.SenderId),
        new SavedMetadataColumn<long>("revision", "revision", u => u.Revision),
        new SavedMetadataColumn<long>("event_count", "eventCount", u => u.Metadata.EventCount),
        new SavedMetadataColumn<double?>("latest_event_time", "latest", u => u.Metadata.LatestEventTime),
        new SavedMetadataColumn<double?>("latest_user_event_time", "latestUser", u => u.Metadata.LatestUserEventTime),
        new SavedMetadataColumn<double?>("first_event_time", "first", u => u.Metadata.FirstEventTime),
        new SavedMetadataColumn<string?>("latest_input_channel", "channel", u => u.Metadata.LatestInputChannel),
        new SavedMetadataColumn<string?>("assistant_id", "assistant", u => u.Metadata.AssistantId),
        new SavedMetadataColumn<double?>("minimum_action_confidence", "minAction", u => u.Metadata.MinimumActionConfidence),
        new SavedMetadataColumn<double?>("maximum_action_confidence", "maxAction", u => u.Metadata.MaximumActionConfidence),
        new SavedMetadataColumn<double?>("minimum_intent_confidence", "minIntent", u => u.Metadata.MinimumIntentConfidence),
        new SavedMetadataColumn<double?>("maximum_intent_confidence", "maxIntent", u => u.Metadata.MaximumIntentConfidence),
        new SavedMetadataColumn<bool>("in_training_data", "inTraining", u => u.Metadata.InTrainingData),
        new SavedMetadataColumn<bool>("session_ended", "sessionEnded", u => u.Metadata.SessionEnded),
        new SavedMetadataColumn<int>("n_user_messages", "userMessages", u => u.Metadata.UserMessageCount),
        new SavedMetadataColumn<int>("n_bot_messages", "botMessages", u => u.Metadata.BotMessageCount),
        new SavedMetadataColumn<string>("intents", "intents", u => JsonSerializer.Serialize(u.Metadata.Intents)),
        new SavedMetadataColumn<string>("entities", "entities", u => JsonSerializer.Serialize(u.Metadata.Entities)),
        new SavedMetadataColumn<string>("actions", "actions", u => JsonSerializer.Serialize(u.Metadata.Actions)),
        new SavedMetadataColumn<string>("policies", "policies", u => JsonSerializer.Serialize(u.Metadata.Policies)),
        new SavedMetadataColumn<string>("input_channels", "channels", u => JsonSerializer.Serialize(u.Metadata.InputChannels)),
        new SavedMetadataColumn<string>("slots", "slots", u => JsonSerializer.Serialize(u.Metadata.Slots.Select(v => v.Key))),
    ];

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
