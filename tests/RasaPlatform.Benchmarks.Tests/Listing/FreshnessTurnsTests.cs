using System.Text;
using RasaPlatform.Benchmarks.Run.Listing;
using RasaPlatform.Benchmarks.Run.Steps;

namespace RasaPlatform.Benchmarks.Tests.Listing;

public sealed class FreshnessTurnsTests
{
    [Fact]
    public void For_TheStepsTurns_KeepEachConversationOnOneAssistant_AndSpreadConversationsOverSeveral()
    {
        var turns = new FreshnessTurns(HttpAppendStep.Batches(45, FreshnessStep.TurnEvents));

        var assistants = Enumerable.Range(0, 800)
            .Select(c => Enumerable.Range(0, 40).Select(t => FreshnessTurns.Assistant(turns.For(c, (t * 4) + (c % 4)))).Distinct().ToList())
            .ToList();

        Assert.All(assistants, a => Assert.Single(a));
        Assert.True(assistants.Select(a => a[0]).Distinct().Count() > 1);
        Assert.True(turns.Assistants > 1);
    }

    [Theory]
    [InlineData("""[{"event":"user"},{"event":"bot","metadata":{}}]""", "")]
    [InlineData("""[{"event":"user","metadata":{"assistant_id":"a"}},{"event":"bot","metadata":{"assistant_id":"a"}}]""", "a")]
    [InlineData("""[{"event":"user","metadata":{"assistant_id":"a"}},{"event":"bot","metadata":{"assistant_id":"b"}}]""", null)]
    public void Assistant_IsTheOneNamed_EmptyForNone_NullForSeveral(string body, string? expected) =>
        Assert.Equal(expected, FreshnessTurns.Assistant(Encoding.UTF8.GetBytes(body)));
}
