using System.Text;
using System.Text.Json;
using RasaPlatform.Benchmarks.Run.Listing;
using RasaPlatform.Benchmarks.Run.Steps;

namespace RasaPlatform.Benchmarks.Tests.Listing;

public sealed class FreshnessTurnsTests
{
    [Fact]
    public void For_TheStepsTurns_KeepEachConversationOnOneAssistant_AndSpreadConversationsOverSeveral()
    {
        var turns = new FreshnessTurns(HttpAppendStep.Batches(45, FreshnessLoad.TurnEvents));

        var assistants = Enumerable.Range(0, 800)
            .Select(c => Enumerable.Range(0, 40).Select(t => FreshnessTurns.Assistant(turns.For(c, (t * 4) + (c % 4), 1_700_000_000))).Distinct().ToList())
            .ToList();

        Assert.All(assistants, a => Assert.Single(a));
        Assert.True(assistants.Select(a => a[0]).Distinct().Count() > 1);
        Assert.True(turns.Assistants > 1);
    }

    [Fact]
    public void Stamped_GivesEachEventTheSendTime_AMillisecondApartInOrder_AndKeepsEverythingElse()
    {
        var body = """[{"event":"user","timestamp":1.5,"text":"hi","parse_data":{"intent":{"name":"greet"}}},{"event":"bot","text":"hello"}]""";

        using var stamped = JsonDocument.Parse(FreshnessTurns.Stamped(Encoding.UTF8.GetBytes(body), 1_700_000_000.25));

        var events = stamped.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, events.Count);
        Assert.Equal(1_700_000_000.25, events[0].GetProperty("timestamp").GetDouble(), 6);
        Assert.Equal(1_700_000_000.251, events[1].GetProperty("timestamp").GetDouble(), 6);
        Assert.Equal("user", events[0].GetProperty("event").GetString());
        Assert.Equal("greet", events[0].GetProperty("parse_data").GetProperty("intent").GetProperty("name").GetString());
        Assert.Equal("hello", events[1].GetProperty("text").GetString());
        Assert.Equal(4, events[0].EnumerateObject().Count());
    }

    [Theory]
    [InlineData("""[{"event":"user"},{"event":"bot","metadata":{}}]""", "")]
    [InlineData("""[{"event":"user","metadata":{"assistant_id":"a"}},{"event":"bot","metadata":{"assistant_id":"a"}}]""", "a")]
    [InlineData("""[{"event":"user","metadata":{"assistant_id":"a"}},{"event":"bot","metadata":{"assistant_id":"b"}}]""", null)]
    public void Assistant_IsTheOneNamed_EmptyForNone_NullForSeveral(string body, string? expected) =>
        Assert.Equal(expected, FreshnessTurns.Assistant(Encoding.UTF8.GetBytes(body)));
}
