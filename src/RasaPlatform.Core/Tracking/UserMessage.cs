using System.Text.Json;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Tracking;

/// <summary>A user message the tracker state shows, with its JSON while the replayer holds it.</summary>
/// <remarks>
/// The replayer holds the JSON of the latest message, the last user event and the active loop's trigger. A message an
/// undo or rewind brings back was let go when it stopped being shown; it comes back without JSON until
/// <see cref="TakeBackJson"/> restores it from the store.
/// </remarks>
internal sealed class UserMessage(long sequence, string? json)
{
    private string? _json = json;
    private Details? _details;

    /// <summary>The stored event's sequence.</summary>
    public long Sequence { get; } = sequence;

    /// <summary>Whether its details can be read: its JSON is at hand.</summary>
    public bool HasJson => _json is not null;

    /// <summary>Its <c>parse_data</c> as raw JSON (parsed on first use).</summary>
    public string? ParseDataJson => Read().ParseDataJson;

    /// <summary>Its entity objects as raw JSON (parsed on first use).</summary>
    public IReadOnlyList<string> Entities => Read().Entities;

    /// <summary>Its <c>input_channel</c> (parsed on first use).</summary>
    public string? InputChannel => Read().InputChannel;

    /// <summary>Takes the JSON back from the store's copy of the event.</summary>
    /// <returns>False when <paramref name="stored"/> is not this message (another sequence or type).</returns>
    public bool TakeBackJson(StoredEvent stored)
    {
        if (stored.Sequence != Sequence || stored.Type != EventTypes.User)
        {
            return false;
        }

        _json ??= stored.Json;
        return true;
    }

    private Details Read() => _details ??= _json is not null
        ? Details.Parse(_json)
        : throw new InvalidOperationException($"The user message at sequence {Sequence} was let go; take its JSON back first.");

    private sealed record Details(string? ParseDataJson, IReadOnlyList<string> Entities, string? InputChannel)
    {
        public static Details Parse(string json)
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var parse = root.TryGetProperty("parse_data", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
            var entities = parse.ValueKind == JsonValueKind.Object ? ReplayEvent.ReadArray(parse, "entities") : [];
            return new Details(
                parse.ValueKind == JsonValueKind.Object ? parse.GetRawText() : null,
                entities.Count > 0 ? entities : ReplayEvent.ReadArray(root, "entities"),
                ReplayEvent.ReadString(root, "input_channel"));
        }
    }
}
