using System.Text;
using System.Text.Json;
using RasaPlatform.Benchmarks.Feeds;
using RasaPlatform.Benchmarks.Recovery;

namespace RasaPlatform.Benchmarks.Tests.Feeds;

/// <summary>The pure parts of the <c>rabbitmq-feed</c> verb: no broker, no service.</summary>
public sealed class RabbitMqFeedPartsTests
{
    private const string User = """{"event":"user","timestamp":1700000000.123456,"text":"hällo","parse_data":{"intent":{"name":"greet","confidence":0.9}},"input_channel":"rest"}""";

    [Fact]
    public void BodyFor_PutsSenderIdFirst_AndKeepsTheEventAsItWas()
    {
        var body = Encoding.UTF8.GetString(RasaMessage.BodyFor("conv-1", Encoding.UTF8.GetBytes(User)));

        Assert.StartsWith("""{"sender_id":"conv-1","event":"user","timestamp":1700000000.123456,""", body, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(body);
        Assert.Equal(["sender_id", "event", "timestamp", "text", "parse_data", "input_channel"], document.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("hällo", document.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public void BodyFor_ReplacesASenderIdTheEventCarried()
    {
        var body = RasaMessage.BodyFor("new", """{"event":"bot","sender_id":"old","timestamp":1}"""u8);

        Assert.Equal("""{"sender_id":"new","event":"bot","timestamp":1}""", Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void BodyFor_RefusesAnArray() =>
        Assert.Throws<ArgumentException>(() => RasaMessage.BodyFor("c", "[]"u8));

    [Theory]
    [InlineData("""{"sender_id":"a b","event":"user"}""", "a b")]
    [InlineData("""{"event":"user","metadata":{"sender_id":"inner"},"sender_id":"outer"}""", "outer")]
    public void SenderOf_ReadsTheTopLevelSenderId(string body, string expected) =>
        Assert.Equal(expected, RasaMessage.SenderOf(Encoding.UTF8.GetBytes(body)));

    [Theory]
    [InlineData("""{"event":"user"}""")]
    [InlineData("""{"sender_id":7}""")]
    [InlineData("[1]")]
    [InlineData("not json")]
    public void SenderOf_RefusesABodyWithoutOne(string body) =>
        Assert.Throws<InvalidDataException>(() => RasaMessage.SenderOf(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void Stream_InterleavesLiveConversations_AndReplaysIdentically()
    {
        string[] lines = [Line("a", 1), Line("a", 2), Line("a", 3), Line("b", 1), Line("c", 1), Line("c", 2), ""];

        using var stream = new RasaMessageStream(lines, live: 2);
        using var replay = new RasaMessageStream(lines, live: 2);
        var first = Take(stream);
        var again = Take(replay);

        // a and b start; b ends after one event, c joins at the end and gets the next turn, then a and c alternate.
        Assert.Equal(["a1", "b1", "c1", "a2", "c2", "a3"], first);
        Assert.Equal(first, again);
    }

    [Fact]
    public void Stream_WithOneLiveConversation_KeepsTheDataSetOrder()
    {
        string[] lines = [Line("a", 1), Line("a", 2), Line("b", 1)];

        using var stream = new RasaMessageStream(lines, live: 1);

        Assert.Equal(["a1", "a2", "b1"], Take(stream));
        Assert.Equal(3, stream.Taken);
        Assert.False(stream.TryNext(out _));
    }

    [Fact]
    public void Key_IgnoresTheEnvelopeAndTheFlag_AndWhitespace()
    {
        var published = RasaMessage.BodyFor("conv-1", Encoding.UTF8.GetBytes(User));
        var served = """
            { "event": "user", "timestamp": 1700000000.123456, "text": "h\u00e4llo",
              "parse_data": { "intent": { "name": "greet", "confidence": 0.9 } }, "input_channel": "rest", "is_flagged": false }
            """;

        Assert.Equal(ExactlyOnceCheck.Key(published), ExactlyOnceCheck.Key(Encoding.UTF8.GetBytes(served)));
    }

    [Theory]
    [InlineData("""{"event":"user","timestamp":1700000000.123457,"text":"hällo"}""")]
    [InlineData("""{"event":"user","timestamp":1700000000.1234560,"text":"hällo"}""")]
    [InlineData("""{"timestamp":1700000000.123456,"event":"user","text":"hällo"}""")]
    public void Key_TellsApartAnyOtherDifference(string other) =>
        Assert.NotEqual(
            ExactlyOnceCheck.Key("""{"event":"user","timestamp":1700000000.123456,"text":"hällo"}"""u8),
            ExactlyOnceCheck.Key(Encoding.UTF8.GetBytes(other)));

    [Fact]
    public void Compare_SameEventsSameOrder_IsExactlyOnce()
    {
        var check = ExactlyOnceCheck.Compare([1, 2, 3], [1, 2, 3]);

        Assert.Equal(new ConversationCheck(3, 3, 0, 0, true), check);
    }

    [Fact]
    public void Compare_CountsMissingAndDuplicated_WithMultiplicity()
    {
        var check = ExactlyOnceCheck.Compare([1, 2, 2, 3], [1, 2, 3, 3, 3, 4]);

        Assert.Equal(new ConversationCheck(4, 6, 1, 3, false), check);
    }

    [Fact]
    public void Tally_CountsReorderingOnlyWhenNothingIsMissingOrDuplicated()
    {
        var tally = ExactlyOnceTally.Empty
            .Add(ExactlyOnceCheck.Compare([1, 2], [2, 1]))
            .Add(ExactlyOnceCheck.Compare([1, 2], [2]))
            .Add(ExactlyOnceCheck.Compare([], []));

        Assert.Equal(new ExactlyOnceTally(3, 4, 3, 1, 0, 1), tally);
        Assert.False(tally.Passed);
        Assert.True(ExactlyOnceTally.Empty.Add(ExactlyOnceCheck.Compare([5], [5])).Passed);
    }

    [Fact]
    public void ProbeEvent_IsAUserMessageWithItsIntent()
    {
        using var document = JsonDocument.Parse(FeedRun.ProbeEvent("bench_rmq_x_1", 1700000000.5));
        var root = document.RootElement;

        Assert.Equal("user", root.GetProperty("event").GetString());
        Assert.Equal(1700000000.5, root.GetProperty("timestamp").GetDouble());
        Assert.Equal("bench_rmq_x_1", root.GetProperty("parse_data").GetProperty("intent").GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("1234 (beam.smp) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 30 0 100 0 0", "beam.smp", 300)]
    [InlineData("77 (.NET TP (Worker)) R 1 77 77 0 -1 0 0 0 0 0 7 3 0 0 20 0 1 0 5 0 0", ".NET TP (Worker)", 10)]
    public void CpuParse_ReadsTheCommandAndTheTicks(string line, string comm, long ticks) =>
        Assert.Equal<(string, long)?>((comm, ticks), CpuSnapshot.Parse(line));

    [Fact]
    public void TryParse_ReadsTheOptions()
    {
        Assert.False(FeedBenchOptions.TryParse(["--seconds", "5"], "data", out _, out var problem));
        Assert.Contains("--store", problem, StringComparison.Ordinal);

        Assert.True(FeedBenchOptions.TryParse(
            ["--store", "SQLite", "--seconds", "5", "--rate", "3000", "--kills", "10", "--size", "S", "--set", "Feeds:RabbitMq:BatchSize=1000", "--out", "-"],
            "data",
            out var options,
            out _));
        Assert.Equal(("sqlite", 5, 3_000, 10, 10_000L, ""), (options.Store, options.Seconds, options.Rate, options.Kills, options.Conversations, options.OutputPath));
        Assert.Equal(["--Feeds:RabbitMq:BatchSize=1000"], options.ServiceSettings);

        Assert.False(FeedBenchOptions.TryParse(["--store", "sqlite", "--set", "NoValue"], "data", out _, out _));
        Assert.False(FeedBenchOptions.TryParse(["--store", "sqlite", "--rate", "0"], "data", out _, out _));
    }

    [Fact]
    public void Notes_GoToTheFeedSection_BeforeTheNextOne()
    {
        var notes = "# B\n\n" + RabbitMqFeedCommand.Heading + "\n\nintro\n\n## Runs\n";

        var added = RecoveryNotes.Insert(notes, "### run\n", RabbitMqFeedCommand.Heading);

        Assert.Equal("# B\n\n" + RabbitMqFeedCommand.Heading + "\n\nintro\n\n### run\n\n## Runs\n", added);
    }

    private static string Line(string sender, int n) => $$"""{"sender_id":"{{sender}}","event":"user","n":{{n}}}""";

    private static List<string> Take(RasaMessageStream stream)
    {
        var taken = new List<string>();
        while (stream.TryNext(out var message))
        {
            using var document = JsonDocument.Parse(message.Body);
            taken.Add(message.SenderId + document.RootElement.GetProperty("n").GetInt32());
        }

        return taken;
    }
}
