using System.Text.Json;

namespace RasaPlatform.Benchmarks.Run.Listing;

/// <summary>
/// The turns the freshness step appends, as a live assistant sends them: each conversation keeps one assistant, and
/// each turn's events carry the time it is sent.
/// </summary>
/// <remarks>
/// Turns are grouped by the assistant their events name: turns of different assistants would move the conversation,
/// and every fact row it has, to another assistant at almost every append. A conversation's turns are cut from
/// different generated conversations, which start anywhere in 2025, so their own timestamps jump by days or months
/// from turn to turn: every append would open new time buckets and a new session, where a live conversation's turns
/// land in its current ones. Replaying history is the bulk import's case, not this step's.
/// </remarks>
internal sealed class FreshnessTurns
{
    private readonly byte[][][] _groups;

    /// <param name="bodies">Append bodies (JSON arrays of events); those naming several assistants are left out.</param>
    public FreshnessTurns(IEnumerable<byte[]> bodies)
    {
        _groups = [.. bodies
            .Select(b => (Body: b, Assistant: Assistant(b)))
            .Where(t => t.Assistant is not null)
            .GroupBy(t => t.Assistant!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Select(t => t.Body).ToArray())];
        if (_groups.Length == 0)
        {
            throw new ArgumentException("No turn names at most one assistant.", nameof(bodies));
        }
    }

    /// <summary>How many assistants (counting "none" as one) the conversations are spread over.</summary>
    public int Assistants => _groups.Length;

    /// <summary>
    /// The body of turn <paramref name="turn"/> (0 or more) to conversation <paramref name="conversation"/> (0 or more),
    /// sent at <paramref name="unixSeconds"/>.
    /// </summary>
    public byte[] For(int conversation, long turn, double unixSeconds)
    {
        var group = _groups[conversation % _groups.Length];
        return Stamped(group[turn % group.Length], unixSeconds);
    }

    /// <summary>
    /// <paramref name="body"/> with its events stamped <paramref name="unixSeconds"/> onward, a millisecond apart in their
    /// order, as the probes are; every other property as it was.
    /// </summary>
    internal static byte[] Stamped(byte[] body, double unixSeconds)
    {
        using var events = JsonDocument.Parse(body);
        using var output = new MemoryStream(body.Length + 64);
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartArray();
            var offset = 0;
            foreach (var e in events.RootElement.EnumerateArray())
            {
                json.WriteStartObject();
                foreach (var property in e.EnumerateObject().Where(p => !p.NameEquals("timestamp")))
                {
                    property.WriteTo(json);
                }

                json.WriteNumber("timestamp", unixSeconds + (offset++ * 0.001));
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return output.ToArray();
    }

    /// <summary>The one assistant the body's events name in <c>metadata.assistant_id</c>: "" for none, null for several.</summary>
    internal static string? Assistant(byte[] body)
    {
        using var events = JsonDocument.Parse(body);
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in events.RootElement.EnumerateArray())
        {
            if (e.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
                && metadata.TryGetProperty("assistant_id", out var id) && id.ValueKind == JsonValueKind.String)
            {
                named.Add(id.GetString()!);
            }
        }

        return named.Count switch
        {
            0 => "",
            1 => named.First(),
            _ => null,
        };
    }
}
