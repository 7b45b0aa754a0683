using System.Text.Json;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Tracking;

/// <summary>The parts of one event that tracker replay reads, taken from its stored JSON.</summary>
/// <remarks>JSON values the state passes through (slot values, parse data, entities) stay raw JSON text.</remarks>
internal sealed record ReplayEvent
{
    public required int Index { get; init; }

    public required string Type { get; init; }

    public required double Timestamp { get; init; }

    /// <summary>Action, slot, followup, loop or rejected action name.</summary>
    public string? Name { get; init; }

    /// <summary>An end-to-end action's predicted text (<c>action_text</c>).</summary>
    public string? ActionText { get; init; }

    /// <summary>Slot value as raw JSON (<c>null</c> when absent).</summary>
    public string? ValueJson { get; init; }

    /// <summary>A user event's <c>parse_data</c> as raw JSON.</summary>
    public string? ParseDataJson { get; init; }

    /// <summary>A user event's or an <c>entities</c> event's entity objects as raw JSON.</summary>
    public IReadOnlyList<string> Entities { get; init; } = [];

    public string? InputChannel { get; init; }

    public bool IsInterrupted { get; init; }

    public static ReplayEvent Parse(StoredEvent stored, int index)
    {
        using var document = JsonDocument.Parse(stored.Json);
        var root = document.RootElement;
        return stored.Type switch
        {
            EventTypes.User => new ReplayEvent
            {
                Index = index,
                Type = stored.Type,
                Timestamp = stored.Timestamp,
                ParseDataJson = root.TryGetProperty("parse_data", out var parse) && parse.ValueKind == JsonValueKind.Object
                    ? parse.GetRawText()
                    : null,
                Entities = ReadEntities(root, parse),
                InputChannel = ReadString(root, "input_channel"),
            },
            EventTypes.Entities => new ReplayEvent
            {
                Index = index,
                Type = stored.Type,
                Timestamp = stored.Timestamp,
                Entities = ReadArray(root, "entities"),
            },
            EventTypes.Slot => new ReplayEvent
            {
                Index = index,
                Type = stored.Type,
                Timestamp = stored.Timestamp,
                Name = ReadString(root, "name"),
                ValueJson = root.TryGetProperty("value", out var value) ? value.GetRawText() : "null",
            },
            EventTypes.LoopInterrupted => new ReplayEvent
            {
                Index = index,
                Type = stored.Type,
                Timestamp = stored.Timestamp,
                IsInterrupted = root.TryGetProperty("is_interrupted", out var interrupted) && interrupted.ValueKind == JsonValueKind.True,
            },
            EventTypes.LegacyFormValidation => new ReplayEvent
            {
                Index = index,
                Type = EventTypes.LoopInterrupted,
                Timestamp = stored.Timestamp,
                IsInterrupted = root.TryGetProperty("validate", out var validate) && validate.ValueKind == JsonValueKind.False,
            },
            EventTypes.LegacyForm => new ReplayEvent
            {
                Index = index,
                Type = EventTypes.ActiveLoop,
                Timestamp = stored.Timestamp,
                Name = ReadString(root, "name"),
            },
            _ => new ReplayEvent
            {
                Index = index,
                Type = stored.Type,
                Timestamp = stored.Timestamp,
                Name = ReadString(root, "name"),
                ActionText = ReadString(root, "action_text"),
            },
        };
    }

    private static List<string> ReadEntities(JsonElement root, JsonElement parseData)
    {
        if (parseData.ValueKind == JsonValueKind.Object)
        {
            var fromParse = ReadArray(parseData, "entities");
            if (fromParse.Count > 0)
            {
                return fromParse;
            }
        }

        return ReadArray(root, "entities");
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
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
