using System.Text.Json;

namespace RasaPlatform.Benchmarks.Run.Stores;

/// <summary>One row of Rasa's SQLTrackerStore <c>events</c> table.</summary>
/// <param name="SenderId">The conversation.</param>
/// <param name="TypeName">The event's <c>event</c>.</param>
/// <param name="Timestamp">Unix seconds.</param>
/// <param name="IntentName"><c>parse_data.intent.name</c> of user events.</param>
/// <param name="ActionName">The event's <c>name</c> (actions, slots, follow-ups, loops), as Rasa fills it.</param>
/// <param name="Data">The whole event JSON.</param>
internal sealed record RasaEventRow(string SenderId, string TypeName, double Timestamp, string? IntentName, string? ActionName, string Data)
{
    /// <summary>The messages baseline's filter, Rasa X's "messages" being user and bot events.</summary>
    public const string MessageTypesSql = "('user', 'bot')";

    /// <summary>The row Rasa's <c>SQLTrackerStore.stream_events</c> writes for one NDJSON line with <c>sender_id</c>.</summary>
    /// <remarks>Like Rasa's, <c>data</c> is the event without <c>sender_id</c> (which the generator writes first).</remarks>
    public static RasaEventRow FromLine(string line)
    {
        using var document = JsonDocument.Parse(line);
        var e = document.RootElement;
        return new RasaEventRow(
            e.GetProperty("sender_id").GetString()!,
            e.GetProperty("event").GetString()!,
            e.TryGetProperty("timestamp", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetDouble() : 0,
            IntentOf(e),
            e.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null,
            WithoutSender(line));
    }

    private static string WithoutSender(string line)
    {
        const string Prefix = "{\"sender_id\":\"";
        var end = line.StartsWith(Prefix, StringComparison.Ordinal) ? line.IndexOf("\",", Prefix.Length, StringComparison.Ordinal) : -1;
        return end < 0 ? line : string.Concat("{", line.AsSpan(end + 2));
    }

    private static string? IntentOf(JsonElement e) =>
        e.TryGetProperty("parse_data", out var p) && p.ValueKind == JsonValueKind.Object
        && p.TryGetProperty("intent", out var i) && i.ValueKind == JsonValueKind.Object
        && i.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
            ? n.GetString()
            : null;
}
