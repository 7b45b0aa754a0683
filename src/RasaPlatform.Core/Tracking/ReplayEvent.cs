using System.Text.Json;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Tracking;

/// <summary>The parts of one event that tracker replay reads, taken from its stored JSON only when needed.</summary>
/// <remarks>
/// Replay keeps one of these for every event since the latest reset, so it is a struct of a few words held in the
/// replayer's lists, not an object per event: thousands of small objects that outlive a young collection make the
/// garbage collector let the heap grow by many times their size. Its strings are shared (event types are the
/// <see cref="EventTypes"/> constants, names come through the replayer's <see cref="NameTable"/>); only a slot's value,
/// an end-to-end action's text and an <c>entities</c> event's entities are its own. A user message keeps nothing of its
/// JSON: the replayer holds the few messages the state shows as <see cref="UserMessage"/>s.
/// </remarks>
internal readonly struct ReplayEvent
{
    // A slot's value (raw JSON), an end-to-end action's text, or an entities event's entities (raw JSON each), by Type.
    private readonly object? _value;

    private ReplayEvent(StoredEvent stored, int index, string type, string? name = null, object? value = null, bool isInterrupted = false)
    {
        Index = index;
        Sequence = stored.Sequence;
        Type = type;
        Name = name;
        _value = value;
        IsInterrupted = isInterrupted;
    }

    /// <summary>Position in arrival order, from 0.</summary>
    public int Index { get; }

    /// <summary>The stored event's <see cref="StoredEvent.Sequence"/>, to read it back by.</summary>
    public long Sequence { get; }

    /// <summary>The event type, with legacy <c>form</c> and <c>form_validation</c> read as their successors.</summary>
    public string Type { get; }

    /// <summary>Action, slot, followup, loop or rejected action name.</summary>
    public string? Name { get; }

    /// <summary>An end-to-end action's predicted text (<c>action_text</c>).</summary>
    public string? ActionText => Type == EventTypes.Action ? _value as string : null;

    /// <summary>Slot value as raw JSON (<c>null</c> when absent).</summary>
    public string? ValueJson => Type == EventTypes.Slot ? _value as string : null;

    /// <summary>An <c>entities</c> event's entity objects as raw JSON.</summary>
    public IReadOnlyList<string> AddedEntities => _value as IReadOnlyList<string> ?? [];

    public bool IsInterrupted { get; }

    public static ReplayEvent Parse(StoredEvent stored, int index, NameTable names)
    {
        var type = KnownType(stored.Type) ?? names.Get(stored.Type);
        return type switch
        {
            EventTypes.User or EventTypes.Bot or EventTypes.Restart or EventTypes.SessionStarted or EventTypes.Undo
                or EventTypes.Rewind or EventTypes.ResetSlots or EventTypes.Pause or EventTypes.Resume => new(stored, index, type),
            EventTypes.Action or EventTypes.Followup or EventTypes.ActionExecutionRejected or EventTypes.ActiveLoop
                when stored.Name is { } name => new(stored, index, type, names.Get(name)),
            _ => ParseJson(stored, index, type, names),
        };
    }

    private static ReplayEvent ParseJson(StoredEvent stored, int index, string type, NameTable names)
    {
        using var document = JsonDocument.Parse(stored.Json);
        var root = document.RootElement;
        return type switch
        {
            EventTypes.Entities => new(stored, index, type, value: ReadArray(root, "entities")),
            EventTypes.Slot => new(
                stored,
                index,
                type,
                names.Get(ReadString(root, "name")),
                root.TryGetProperty("value", out var value) ? value.GetRawText() : "null"),
            EventTypes.LoopInterrupted => new(
                stored,
                index,
                type,
                isInterrupted: root.TryGetProperty("is_interrupted", out var interrupted) && interrupted.ValueKind == JsonValueKind.True),
            EventTypes.LegacyFormValidation => new(
                stored,
                index,
                EventTypes.LoopInterrupted,
                isInterrupted: root.TryGetProperty("validate", out var validate) && validate.ValueKind == JsonValueKind.False),
            EventTypes.LegacyForm => new(stored, index, EventTypes.ActiveLoop, names.Get(ReadString(root, "name"))),
            _ => new(stored, index, type, names.Get(ReadString(root, "name")), ReadString(root, "action_text")),
        };
    }

    /// <summary>The <see cref="EventTypes"/> constant for a type replay tells apart; null for any other.</summary>
    private static string? KnownType(string type) => type switch
    {
        EventTypes.User => EventTypes.User,
        EventTypes.Bot => EventTypes.Bot,
        EventTypes.Action => EventTypes.Action,
        EventTypes.Slot => EventTypes.Slot,
        EventTypes.Restart => EventTypes.Restart,
        EventTypes.Rewind => EventTypes.Rewind,
        EventTypes.Undo => EventTypes.Undo,
        EventTypes.ResetSlots => EventTypes.ResetSlots,
        EventTypes.Followup => EventTypes.Followup,
        EventTypes.Pause => EventTypes.Pause,
        EventTypes.Resume => EventTypes.Resume,
        EventTypes.ActiveLoop => EventTypes.ActiveLoop,
        EventTypes.LegacyForm => EventTypes.LegacyForm,
        EventTypes.LoopInterrupted => EventTypes.LoopInterrupted,
        EventTypes.LegacyFormValidation => EventTypes.LegacyFormValidation,
        EventTypes.ActionExecutionRejected => EventTypes.ActionExecutionRejected,
        EventTypes.SessionStarted => EventTypes.SessionStarted,
        EventTypes.Entities => EventTypes.Entities,
        EventTypes.UserFeaturization => EventTypes.UserFeaturization,
        _ => null,
    };

    internal static List<string> ReadArray(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return array.EnumerateArray().Select(e => e.GetRawText()).ToList();
    }

    internal static string? ReadString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.TryGetText(out var text) ? text : null;
}
