using System.Text.Json;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Tracking;

/// <summary>The parts of one event that tracker replay reads, taken from its stored JSON only when needed.</summary>
/// <remarks>
/// Replay of a long conversation touches every event but needs the JSON of few: actions carry their name in the
/// store's <see cref="StoredEvent.Name"/>, and a user message's details matter only for the latest message, the last
/// user event or a loop's trigger. A user message holds its JSON while the replayer needs it and lets it go after
/// (<see cref="LetGoOfJson"/>); <see cref="TakeBackJson"/> restores it from the store. JSON values the state passes
/// through (slot values, parse data, entities) stay raw JSON text.
/// </remarks>
internal sealed class ReplayEvent
{
    // Only a user message holds its JSON, for its details read on first use, and only while the replay needs it.
    private string? _userJson;
    private UserDetails? _user;

    private ReplayEvent(StoredEvent stored, int index, string type)
    {
        _userJson = stored.Type == EventTypes.User ? stored.Json : null;
        Index = index;
        Sequence = stored.Sequence;
        Type = type;
    }

    /// <summary>Position in arrival order, from 0.</summary>
    public int Index { get; }

    /// <summary>The stored event's <see cref="StoredEvent.Sequence"/>, to read it back by.</summary>
    public long Sequence { get; }

    /// <summary>The event type, with legacy <c>form</c> and <c>form_validation</c> read as their successors.</summary>
    public string Type { get; }

    /// <summary>Action, slot, followup, loop or rejected action name.</summary>
    public string? Name { get; private init; }

    /// <summary>An end-to-end action's predicted text (<c>action_text</c>).</summary>
    public string? ActionText { get; private init; }

    /// <summary>Slot value as raw JSON (<c>null</c> when absent).</summary>
    public string? ValueJson { get; private init; }

    /// <summary>An <c>entities</c> event's entity objects as raw JSON.</summary>
    public IReadOnlyList<string> AddedEntities { get; private init; } = [];

    public bool IsInterrupted { get; private init; }

    /// <summary>A user event's <c>parse_data</c> as raw JSON (parsed on first use).</summary>
    public string? ParseDataJson => User.ParseDataJson;

    /// <summary>A user event's entity objects as raw JSON (parsed on first use).</summary>
    public IReadOnlyList<string> UserEntities => User.Entities;

    /// <summary>A user event's <c>input_channel</c> (parsed on first use).</summary>
    public string? InputChannel => User.InputChannel;

    /// <summary>Whether a user message's details can be read: its JSON is held (always true for other events).</summary>
    public bool HasDetails => Type != EventTypes.User || _user is not null || _userJson is not null;

    private UserDetails User => _user ??= Type != EventTypes.User ? UserDetails.None
        : _userJson is not null ? UserDetails.Parse(_userJson)
        : throw new InvalidOperationException($"The user message at sequence {Sequence} was let go; take its JSON back first.");

    /// <summary>Drops a user message's JSON and details, which the replay no longer needs.</summary>
    public void LetGoOfJson()
    {
        _userJson = null;
        _user = null;
    }

    /// <summary>Takes back a user message's JSON that <see cref="LetGoOfJson"/> let go, as read again from the store.</summary>
    /// <returns>False when <paramref name="stored"/> is not this message (another sequence or type).</returns>
    public bool TakeBackJson(StoredEvent stored)
    {
        if (stored.Sequence != Sequence || stored.Type != EventTypes.User || Type != EventTypes.User)
        {
            return false;
        }

        _userJson ??= stored.Json;
        return true;
    }

    public static ReplayEvent Parse(StoredEvent stored, int index) => stored.Type switch
    {
        EventTypes.User or EventTypes.Bot or EventTypes.Restart or EventTypes.SessionStarted or EventTypes.Undo
            or EventTypes.Rewind or EventTypes.ResetSlots or EventTypes.Pause or EventTypes.Resume => new(stored, index, stored.Type),
        EventTypes.Action when stored.Name is { } name => new(stored, index, stored.Type) { Name = name },
        EventTypes.Followup or EventTypes.ActionExecutionRejected or EventTypes.ActiveLoop when stored.Name is { } name =>
            new(stored, index, stored.Type) { Name = name },
        _ => ParseJson(stored, index),
    };

    private static ReplayEvent ParseJson(StoredEvent stored, int index)
    {
        using var document = JsonDocument.Parse(stored.Json);
        var root = document.RootElement;
        return stored.Type switch
        {
            EventTypes.Entities => new(stored, index, stored.Type) { AddedEntities = ReadArray(root, "entities") },
            EventTypes.Slot => new(stored, index, stored.Type)
            {
                Name = ReadString(root, "name"),
                ValueJson = root.TryGetProperty("value", out var value) ? value.GetRawText() : "null",
            },
            EventTypes.LoopInterrupted => new(stored, index, stored.Type)
            {
                IsInterrupted = root.TryGetProperty("is_interrupted", out var interrupted) && interrupted.ValueKind == JsonValueKind.True,
            },
            EventTypes.LegacyFormValidation => new(stored, index, EventTypes.LoopInterrupted)
            {
                IsInterrupted = root.TryGetProperty("validate", out var validate) && validate.ValueKind == JsonValueKind.False,
            },
            EventTypes.LegacyForm => new(stored, index, EventTypes.ActiveLoop) { Name = ReadString(root, "name") },
            _ => new(stored, index, stored.Type)
            {
                Name = ReadString(root, "name"),
                ActionText = ReadString(root, "action_text"),
            },
        };
    }

    private static List<string> ReadArray(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return array.EnumerateArray().Select(e => e.GetRawText()).ToList();
    }

    private static string? ReadString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.TryGetText(out var text) ? text : null;

    private sealed record UserDetails(string? ParseDataJson, IReadOnlyList<string> Entities, string? InputChannel)
    {
        public static UserDetails None { get; } = new(null, [], null);

        public static UserDetails Parse(string json)
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var parse = root.TryGetProperty("parse_data", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
            var entities = parse.ValueKind == JsonValueKind.Object ? ReadArray(parse, "entities") : [];
            return new UserDetails(
                parse.ValueKind == JsonValueKind.Object ? parse.GetRawText() : null,
                entities.Count > 0 ? entities : ReadArray(root, "entities"),
                ReadString(root, "input_channel"));
        }
    }
}
