using System.Text.Json;
using RasaPlatform.Benchmarks.Generation;

namespace RasaPlatform.Benchmarks.Tests;

/// <summary>Generated data sets, made once per test run and shared by the tests.</summary>
internal static class GeneratedData
{
    private static readonly Lazy<byte[]> SmallSet = new(() => Generate(200, 42));
    private static readonly Lazy<List<List<JsonElement>>> LargeSet = new(() => Conversations(Generate(2000, 7)));

    /// <summary>200 conversations of seed 42.</summary>
    public static byte[] Small => SmallSet.Value;

    /// <summary>2,000 conversations of seed 7, parsed and grouped by <c>sender_id</c> in order of appearance.</summary>
    public static List<List<JsonElement>> Large => LargeSet.Value;

    public static byte[] Generate(long conversations, ulong seed)
    {
        using var output = new MemoryStream();
        DatasetGenerator.Generate(output, conversations, seed);
        return output.ToArray();
    }

    public static IEnumerable<string> Lines(byte[] data) =>
        System.Text.Encoding.UTF8.GetString(data).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The rows Rasa's SQLTrackerStore writes for the events of <paramref name="data"/>, in order.</summary>
    public static List<Run.Stores.RasaEventRow> RasaRows(byte[] data) => [.. Lines(data).Select(Run.Stores.RasaEventRow.FromLine)];

    /// <summary>Groups consecutive events of the same sender; fails if a sender reappears later.</summary>
    public static List<List<JsonElement>> Conversations(byte[] data)
    {
        var conversations = new List<List<JsonElement>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in Lines(data))
        {
            var e = JsonDocument.Parse(line).RootElement;
            var sender = e.GetProperty("sender_id").GetString()!;
            if (conversations.Count == 0 || conversations[^1][0].GetProperty("sender_id").GetString() != sender)
            {
                Assert.True(seen.Add(sender), $"sender {sender} appears in two places");
                conversations.Add([]);
            }

            conversations[^1].Add(e);
        }

        return conversations;
    }
}
