using System.Text.Json;

namespace RasaPlatform.Core.Tests.Import;

/// <summary>The line-delimited and array layouts of single events and conversation documents.</summary>
public class FormatImportTests
{
    private const string EventA1 = """{"event":"user","timestamp":1700000001.5,"sender_id":"a","text":"hi"}""";
    private const string EventB1 = """{"sender_id":"b","event":"action","timestamp":1700000002,"name":"action_listen","policy":null}""";
    private const string EventA2 = """{"event":"bot","timestamp":1700000003.25,"sender_id":"a","text":"hello","data":{"buttons":[]}}""";

    [Fact]
    public async Task RunAsync_NdjsonEvents_GroupsBySenderInOrderAndKeepsSenderId()
    {
        await using var fixture = await ImportFixture.CreateAsync();
        var path = fixture.WriteFile("events.ndjson", $"{EventA1}\n{EventB1}\r\n\n{EventA2}");

        var summary = await fixture.ImportAsync(path);

        Assert.Equal(0, summary.ExitCode);
        Assert.Equal((3, 2, 3), (summary.Records, summary.Conversations, summary.EventsStored));
        Assert.Equal([EventA1, EventA2], await fixture.StoredJsonAsync("a"));
        Assert.Equal([EventB1], await fixture.StoredJsonAsync("b"));
    }

    [Fact]
    public async Task RunAsync_JsonArrayOfEvents_SameAsNdjson()
    {
        await using var fixture = await ImportFixture.CreateAsync();
        var path = fixture.WriteFile("events.json", $"[\n  {EventA1},\n  {EventB1},\n  {EventA2}\n]\n");

        var summary = await fixture.ImportAsync(path);

        Assert.Equal(0, summary.ExitCode);
        Assert.Equal([EventA1, EventA2], await fixture.StoredJsonAsync("a"));
        Assert.Equal([EventB1], await fixture.StoredJsonAsync("b"));
    }

    [Fact]
    public async Task RunAsync_NdjsonEventsInSmallBatches_ImportOnceAndReimportAsNoOp()
    {
        await using var fixture = await ImportFixture.CreateAsync();
        var lines = Enumerable.Range(0, 50).Select(i => $$"""{"event":"user","timestamp":{{1700000000 + i}},"sender_id":"s{{i % 3}}","text":"m{{i}}"}""");
        var path = fixture.WriteFile("many.jsonl", string.Join('\n', lines));
        var runner = new RasaPlatform.Core.Import.ImportRunner(fixture.Store, fixture.Clock) { BatchEvents = 7 };

        var first = await runner.RunAsync([path], fixture.Progress, CancellationToken.None);
        var second = await runner.RunAsync([path], fixture.Progress, CancellationToken.None);

        Assert.Equal((50, 0L), (first.EventsStored, first.DuplicatesSkipped));
        Assert.Equal((0, 50L), (second.EventsStored, second.DuplicatesSkipped));
        var s1 = await fixture.StoredJsonAsync("s1");
        Assert.Equal(Enumerable.Range(0, 50).Where(i => i % 3 == 1).Select(i => $"m{i}"), s1.Select(Text));
    }

    [Fact]
    public async Task RunAsync_MongoexportOneDocumentPerLine_UsesTrackerSenderElseId()
    {
        await using var fixture = await ImportFixture.CreateAsync();
        var path = fixture.WriteFile("conversations.json", """
            {"_id":{"$oid":"5f8f0b9e1c9d440000a1b2c3"},"projectId":"bf","tracker":{"events":[{"event":"action","timestamp":1,"name":"action_listen"},{"event":"user","timestamp":2,"text":"hi"}]}}
            {"_id":"doc2","tracker":{"sender_id":"tracker-sender","events":[{"event":"bot","timestamp":3,"text":"yo"}]},"status":"new"}
            {"_id":"doc3","tracker":{"sender_id":null,"events":[{"event":"session_started","timestamp":4}]}}
            """);

        var summary = await fixture.ImportAsync(path);

        Assert.Equal(0, summary.ExitCode);
        Assert.Equal((3, 3, 4), (summary.Records, summary.Conversations, summary.EventsStored));
        Assert.Equal(
            ["""{"event":"action","timestamp":1,"name":"action_listen"}""", """{"event":"user","timestamp":2,"text":"hi"}"""],
            await fixture.StoredJsonAsync("5f8f0b9e1c9d440000a1b2c3"));
        Assert.Equal(["""{"event":"bot","timestamp":3,"text":"yo"}"""], await fixture.StoredJsonAsync("tracker-sender"));
        Assert.Single(await fixture.StoredJsonAsync("doc3"));
    }

    [Fact]
    public async Task RunAsync_EventWithoutTimestamp_GetsTheClockTime()
    {
        await using var fixture = await ImportFixture.CreateAsync();
        var path = fixture.WriteFile("t.json", """{"sender_id":"x","events":[{"event":"restart"}]}""");

        await fixture.ImportAsync(path);

        using var stored = JsonDocument.Parse((await fixture.StoredJsonAsync("x")).Single());
        Assert.Equal(fixture.ClockSeconds, stored.RootElement.GetProperty("timestamp").GetDouble());
    }

    [Fact]
    public async Task RunAsync_RecordLargerThanTheReadBuffer_IsReadWhole()
    {
        await using var fixture = await ImportFixture.CreateAsync();
        var events = Enumerable.Range(0, 3000).Select(i => $$"""    {"event": "user", "timestamp": {{i}}, "text": "message number {{i}} \"quoted\" [x] {y}"}""");
        var path = fixture.WriteFile("big.json", "{\n  \"sender_id\": \"big\",\n  \"events\": [\n" + string.Join(",\n", events) + "\n  ]\n}\n");

        var summary = await fixture.ImportAsync(path);

        Assert.True(new FileInfo(path).Length > 4 * 64 * 1024);
        Assert.Equal((0, 3000L), (summary.ExitCode, summary.EventsStored));
        Assert.Equal("message number 2999 \"quoted\" [x] {y}", Text((await fixture.StoredJsonAsync("big"))[^1]));
    }

    [Fact]
    public async Task RunAsync_SingleEventThenWholeTrackerOfSameSender_KeepsFileOrder()
    {
        await using var fixture = await ImportFixture.CreateAsync();
        var path = fixture.WriteFile("mixed.json", """
            [{"event":"user","timestamp":1,"sender_id":"m","text":"first"},
             {"sender_id":"m","events":[{"event":"user","timestamp":2,"text":"second"}]},
             {"event":"user","timestamp":3,"sender_id":"m","text":"third"}]
            """);

        await fixture.ImportAsync(path);

        Assert.Equal(["first", "second", "third"], (await fixture.StoredJsonAsync("m")).Select(Text));
    }

    private static string Text(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("text").GetString()!;
    }
}
