using System.Text.Json;

namespace RasaPlatform.Core.Dumps;

/// <summary>One entity of a user message, as its parse data gives it.</summary>
/// <param name="Name">The entity type (<c>entity</c>).</param>
/// <param name="ValueJson">Its <c>value</c> as raw JSON (<c>null</c> when absent).</param>
/// <param name="Value">Its value when that is a string; null otherwise.</param>
/// <param name="Start">Start offset in the text in Unicode code points (Python's string indexes), when given.</param>
/// <param name="End">End offset, exclusive, in code points, when given.</param>
/// <param name="Role">Its <c>role</c>, when given.</param>
/// <param name="Group">Its <c>group</c>, when given.</param>
internal sealed record DumpEntity(string Name, string ValueJson, string? Value, int? Start, int? End, string? Role, string? Group)
{
    public static IReadOnlyList<DumpEntity> ReadAll(JsonElement parseData)
    {
        if (!parseData.TryGetProperty("entities", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var entities = new List<DumpEntity>();
        foreach (var e in array.EnumerateArray())
        {
            if (e.ValueKind == JsonValueKind.Object && DumpEvent.String(e, "entity") is { } name)
            {
                var value = e.TryGetProperty("value", out var v) ? v : default;
                entities.Add(new DumpEntity(
                    name,
                    value.ValueKind == JsonValueKind.Undefined ? "null" : value.GetRawText(),
                    DumpEvent.String(e, "value"),
                    DumpEvent.Integer(e, "start"),
                    DumpEvent.Integer(e, "end"),
                    DumpEvent.String(e, "role"),
                    DumpEvent.String(e, "group")));
            }
        }

        return entities;
    }
}
