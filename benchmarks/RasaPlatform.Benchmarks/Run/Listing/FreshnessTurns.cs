using System.Text.Json;

namespace RasaPlatform.Benchmarks.Run.Listing;

/// <summary>
/// The turns the freshness step appends, grouped by the assistant their events name, so that each conversation keeps
/// one assistant as a real one does: turns of different assistants would move the conversation, and every fact row
/// it has, to another assistant at almost every append.
/// </summary>
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

    /// <summary>The body of turn <paramref name="turn"/> (0 or more) to conversation <paramref name="conversation"/> (0 or more).</summary>
    public byte[] For(int conversation, long turn)
    {
        var group = _groups[conversation % _groups.Length];
        return group[turn % group.Length];
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
