using System.Text;
using System.Text.Json;
using RasaPlatform.Core.Dumps;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Tests.Dumps;

/// <summary>Hand-built conversations read into dumps without a store, and the dumps rendered to text.</summary>
internal static class DumpFixture
{
    public static IReadOnlyList<StoredEvent> Conversation(params string[] json) =>
        [.. json.Select((e, i) => Stored(i + 1, e))];

    public static StoredEvent Stored(long sequence, string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        return new StoredEvent(sequence, root.GetProperty("event").GetString()!, root.GetProperty("timestamp").GetDouble(), json, name);
    }

    public static ConversationDump Dump(string senderId, IReadOnlyList<StoredEvent> events, bool useHistory = true, params double[] flagged) =>
        ConversationDump.Open(
            senderId,
            useHistory,
            flagged.ToHashSet(),
            (range, _) => events.Where(e => range.Contains(e.Sequence)).ToAsyncEnumerable());

    public static async Task<string> MarkdownAsync(ConversationDump dump)
    {
        using var output = new MemoryStream();
        await MarkdownDumpWriter.WriteAsync(output, dump, CancellationToken.None);
        return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(output.ToArray());
    }

    public static async Task<JsonElement> JsonAsync(ConversationDump dump)
    {
        using var output = new MemoryStream();
        await JsonDumpWriter.WriteAsync(output, dump, CancellationToken.None);
        return JsonDocument.Parse(output.ToArray()).RootElement.Clone();
    }

    /// <summary>The text of the code block after the heading <paramref name="heading"/>.</summary>
    public static string CodeBlock(string markdown, string heading)
    {
        var lines = markdown.Split('\n');
        var start = Array.IndexOf(lines, heading) + 2;
        var fence = lines[start].TrimEnd('y', 'a', 'm', 'l', 'd');
        var end = Array.IndexOf(lines, fence, start + 1);
        return string.Join('\n', lines[(start + 1)..end]) + "\n";
    }
}
