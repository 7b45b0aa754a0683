using RasaPlatform.Core.Dumps;
using RasaPlatform.Core.Events;
using static RasaPlatform.Core.Tests.Dumps.DumpFixture;

namespace RasaPlatform.Core.Tests.Dumps;

public class ConversationDumpTests
{
    private static readonly IReadOnlyList<StoredEvent> ThreeTurns = Conversation(
        """{"event":"user","text":"hi","timestamp":1,"parse_data":{"intent":{"name":"greet","confidence":1}}}""",
        """{"event":"action","name":"utter_greet","timestamp":2}""",
        """{"event":"user","text":"bye","timestamp":3,"parse_data":{"intent":{"name":"goodbye","confidence":1}}}""");

    [Fact]
    public async Task EventsAsync_BeforeAFirstRead_Throws()
    {
        var dump = Dump("three", ThreeTurns);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await dump.EventsAsync(CancellationToken.None).ToListAsync());
    }

    [Fact]
    public async Task EventsAsync_AfterAppendsSinceTheFirstRead_YieldsOnlyTheEventsItSaw()
    {
        var stored = ThreeTurns.Take(2).ToList();
        var dump = ConversationDump.Open("three", true, new HashSet<double>(), (through, _) => stored.Where(e => through is null || e.Sequence <= through).ToAsyncEnumerable());

        var facts = await dump.CountFactsAsync(CancellationToken.None);
        stored.Add(ThreeTurns[2]);

        Assert.Equal(2, facts.EventCount);
        Assert.Equal([1L, 2L], (await dump.EventsAsync(CancellationToken.None).ToListAsync()).Select(e => e.Sequence));
    }

    [Fact]
    public async Task Markdown_ConversationReplacedWhileDumped_Throws()
    {
        var reads = 0;
        var dump = ConversationDump.Open("three", true, new HashSet<double>(), (_, _) => (reads++ == 0 ? ThreeTurns : ThreeTurns.Take(1)).ToAsyncEnumerable());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => MarkdownAsync(dump));

        Assert.Contains("changed while it was being dumped: 3 events, then 1", error.Message, StringComparison.Ordinal);
    }
}
