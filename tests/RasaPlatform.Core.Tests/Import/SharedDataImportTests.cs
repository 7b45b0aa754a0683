using System.Text.Json;
using RasaPlatform.Testing;

namespace RasaPlatform.Core.Tests.Import;

/// <summary>The real Rasa and Botfront files go in whole and come back out event for event.</summary>
public class SharedDataImportTests
{
    public static TheoryData<string> Files() => [.. SharedData.AllFiles()];

    [Theory]
    [MemberData(nameof(Files))]
    public async Task RunAsync_SharedFile_StoresEveryConversationEventForEvent(string relative)
    {
        await using var fixture = await ImportFixture.CreateAsync();
        var path = SharedData.PathOf(relative);
        using var file = JsonDocument.Parse(File.ReadAllBytes(path));
        var expected = ExpectedConversations(file.RootElement);

        var summary = await fixture.ImportAsync(path);

        Assert.Equal(0, summary.ExitCode);
        Assert.Equal(0, summary.Rejected);
        Assert.Equal(expected.Count, summary.Conversations);
        Assert.Equal(expected.Sum(c => c.Value.Count), summary.EventsStored);
        foreach (var (sender, events) in expected)
        {
            JsonAssert.EqualSequences(events, await fixture.StoredJsonAsync(sender), $"{relative} {sender}");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task RunAsync_SameFileTwice_StoresNothingNew(string relative)
    {
        await using var fixture = await ImportFixture.CreateAsync();
        var path = SharedData.PathOf(relative);
        var first = await fixture.ImportAsync(path);

        var second = await fixture.ImportAsync(path);

        Assert.True(first.EventsStored > 0);
        Assert.Equal(0, second.EventsStored);
        Assert.Equal(first.EventsStored, second.DuplicatesSkipped);
        Assert.Equal(0, second.ExitCode);
    }

    [Fact]
    public async Task RunAsync_AllSharedFilesTogether_NoRejects()
    {
        await using var fixture = await ImportFixture.CreateAsync();

        var eventsInFiles = SharedData.AllFiles()
            .Select(f => JsonDocument.Parse(File.ReadAllBytes(SharedData.PathOf(f))))
            .Sum(d => ExpectedConversations(d.RootElement).Sum(c => c.Value.Count));

        var summary = await fixture.ImportAsync(SharedData.Root);

        Assert.Equal(SharedData.AllFiles().Count, summary.FilesRead);
        Assert.Equal(0, summary.ExitCode);
        Assert.Equal(eventsInFiles, summary.EventsStored + summary.DuplicatesSkipped);
    }

    [Fact]
    public async Task RunAsync_AnalyticsConversations_KeepsTheExactDuplicateEventTwice()
    {
        await using var fixture = await ImportFixture.CreateAsync();

        await fixture.ImportAsync(SharedData.PathOf("botfront/analytics_conversations.json"));

        var stored = await fixture.StoredJsonAsync("75ff7f5064014d0cab88e59a86713eb8");
        Assert.Equal(4, stored.Count);
        Assert.Single(stored.GroupBy(e => e, StringComparer.Ordinal), g => g.Count() == 2);
    }

    [Fact]
    public async Task RunAsync_MoodbotThenLaterDump_StoresTheUnionInOrder()
    {
        await using var fixture = await ImportFixture.CreateAsync();
        var older = SharedData.PathOf("rasa/tracker_moodbot.json");
        var newer = SharedData.PathOf("rasa/tracker_moodbot_with_new_utterances.json");
        using var olderDoc = JsonDocument.Parse(File.ReadAllBytes(older));
        using var newerDoc = JsonDocument.Parse(File.ReadAllBytes(newer));
        var olderEvents = olderDoc.RootElement.GetProperty("events").EnumerateArray().ToList();
        var union = new List<JsonElement>(olderEvents);
        var unmatched = new List<JsonElement>(olderEvents);
        foreach (var e in newerDoc.RootElement.GetProperty("events").EnumerateArray())
        {
            var match = unmatched.FindIndex(o => JsonAssert.DeepEquals(o, e));
            if (match >= 0)
            {
                unmatched.RemoveAt(match);
            }
            else
            {
                union.Add(e);
            }
        }

        await fixture.ImportAsync(older);
        var second = await fixture.ImportAsync(newer);

        Assert.True(second.DuplicatesSkipped > 0 && second.EventsStored > 0, second.Describe());
        JsonAssert.EqualSequences(union, await fixture.StoredJsonAsync("mysender"), "mysender");
    }

    /// <summary>Sender id to events, computed independently of the importer.</summary>
    internal static Dictionary<string, List<JsonElement>> ExpectedConversations(JsonElement root)
    {
        var records = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToList() : [root];
        var conversations = new Dictionary<string, List<JsonElement>>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            var tracker = record.TryGetProperty("tracker", out var t) ? t : record;
            var sender = tracker.TryGetProperty("sender_id", out var s) ? s.GetString()! : MongoId(record.GetProperty("_id"));
            Assert.False(conversations.ContainsKey(sender), $"{sender} occurs twice; the expectation assumes one record per sender");
            conversations[sender] = [.. tracker.GetProperty("events").EnumerateArray()];
        }

        return conversations;
    }

    private static string MongoId(JsonElement id) =>
        id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetProperty("$oid").GetString()!;
}
