using System.Text.Json;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Markers;

/// <summary>What kind of step an event is to a marker.</summary>
public enum MarkerEventKind : byte
{
    /// <summary>Any event no condition looks at (it is still a step with an index).</summary>
    Other,

    /// <summary>A <c>user</c> event.</summary>
    User,

    /// <summary>An <c>action</c> event.</summary>
    Action,

    /// <summary>A <c>slot</c> event.</summary>
    Slot,
}

/// <summary>The part of an event markers look at: kept while the metadata job folds a conversation.</summary>
/// <param name="Kind">The kind of step.</param>
/// <param name="Name">A user event's intent, an action event's action, a slot event's slot; null when it names none.</param>
/// <param name="RetrievalIntent">A user event's full retrieval intent (<c>faq/ask_name</c>), if any.</param>
/// <param name="SetsValue">For a slot event: whether it sets a value other than null.</param>
/// <param name="Timestamp">The event's time, Unix seconds.</param>
public readonly record struct MarkerEvent(MarkerEventKind Kind, string? Name, string? RetrievalIntent, bool SetsValue, double Timestamp)
{
    /// <summary>The action that starts a session.</summary>
    public const string SessionStart = "action_session_start";

    /// <summary>Whether the event starts a session: an <c>action</c> event of <see cref="SessionStart"/>.</summary>
    public bool StartsSession => Kind == MarkerEventKind.Action && Name == SessionStart;

    /// <summary>The step a stored event is, from its parsed JSON.</summary>
    public static MarkerEvent Of(StoredEvent stored, JsonElement root)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return stored.Type switch
        {
            EventTypes.User => User(root, stored.Timestamp),
            EventTypes.Action => new(MarkerEventKind.Action, Text(root, "name"), null, false, stored.Timestamp),
            EventTypes.Slot => new(
                MarkerEventKind.Slot,
                Text(root, "name"),
                null,
                root.TryGetProperty("value", out var value) && value.ValueKind != JsonValueKind.Null,
                stored.Timestamp),
            _ => new(MarkerEventKind.Other, null, null, false, stored.Timestamp),
        };
    }

    private static MarkerEvent User(JsonElement root, double timestamp)
    {
        string? intent = null, retrieval = null;
        if (root.TryGetProperty("parse_data", out var parse) && parse.ValueKind == JsonValueKind.Object
            && parse.TryGetProperty("intent", out var parsed) && parsed.ValueKind == JsonValueKind.Object)
        {
            intent = Text(parsed, "name");
            retrieval = Text(parsed, "full_retrieval_intent_name");
        }

        return new(MarkerEventKind.User, intent, retrieval, false, timestamp);
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
