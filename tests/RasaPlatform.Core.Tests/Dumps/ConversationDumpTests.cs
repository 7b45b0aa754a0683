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

    private static readonly IReadOnlyList<StoredEvent> RestartedAndUndone = Conversation(
        """{"event":"user","text":"hi","timestamp":1}""",
        """{"event":"restart","timestamp":2}""",
        """{"event":"user","text":"again","timestamp":3}""",
        """{"event":"action","name":"utter_x","timestamp":4}""",
        """{"event":"undo","timestamp":5}""",
        """{"event":"bot","text":"ok","timestamp":6}""");

    [Fact]
    public async Task EventsAsync_WithoutAFirstRead_ReadsOnceWithHistory_AndFindsTheLatestRestartWithout()
    {
        var reads = 0;
        var withHistory = ConversationDump.Open("r", true, new HashSet<double>(), (_, _) =>
        {
            reads++;
            return RestartedAndUndone.ToAsyncEnumerable();
        });
        var withoutHistory = Dump("r", RestartedAndUndone, useHistory: false);

        Assert.Equal([1L, 2, 3, 4, 5, 6], (await withHistory.EventsAsync(CancellationToken.None).ToListAsync()).Select(e => e.Sequence));
        Assert.Equal(1, reads);
        Assert.Equal([3L, 4, 5, 6], (await withoutHistory.EventsAsync(CancellationToken.None).ToListAsync()).Select(e => e.Sequence));
    }

    [Fact]
    public async Task SelectedEventsAsync_ChoosesByVerbosity_AsRasaDoes()
    {
        static async Task<long[]> SelectAsync(Core.Tracking.EventVerbosity verbosity)
        {
            var dump = Dump("r", RestartedAndUndone);
            await dump.ReplayAsync(CancellationToken.None);
            return [.. (await dump.SelectedEventsAsync(verbosity, CancellationToken.None).ToListAsync()).Select(e => e.Sequence)];
        }

        Assert.Equal(new long[] { 1, 2, 3, 4, 5, 6 }, await SelectAsync(Core.Tracking.EventVerbosity.All));
        Assert.Equal(new long[] { 3, 4, 5, 6 }, await SelectAsync(Core.Tracking.EventVerbosity.AfterRestart));
        Assert.Empty(await SelectAsync(Core.Tracking.EventVerbosity.None));
        var applied = await SelectAsync(Core.Tracking.EventVerbosity.Applied);
        Assert.DoesNotContain(4L, applied);   // undone
        Assert.DoesNotContain(1L, applied);   // before the restart
        Assert.Contains(6L, applied);
    }

    [Fact]
    public async Task ReadAndReplayAsync_HandsEveryEventOver_InOneRead_AndReplaysThem()
    {
        var reads = 0;
        var seen = new List<long>();
        var dump = ConversationDump.Open("three", true, new HashSet<double>(), (_, _) =>
        {
            reads++;
            return ThreeTurns.ToAsyncEnumerable();
        });

        var state = await dump.ReadAndReplayAsync(
            (e, _) =>
            {
                seen.Add(e.Sequence);
                return ValueTask.CompletedTask;
            },
            CancellationToken.None);

        Assert.Equal([1L, 2, 3], seen);
        Assert.Equal(1, reads);
        Assert.Equal(3, state.LatestEventTime);
    }

    [Fact]
    public async Task SelectedEventsAsync_BeforeAReplay_Throws()
    {
        var dump = Dump("three", ThreeTurns);
        await dump.CountFactsAsync(CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await dump.SelectedEventsAsync(Core.Tracking.EventVerbosity.All, CancellationToken.None).ToListAsync());
    }

    [Fact]
    public async Task EventsAsync_AfterAppendsSinceTheFirstRead_YieldsOnlyTheEventsItSaw()
    {
        var stored = ThreeTurns.Take(2).ToList();
        var dump = ConversationDump.Open("three", true, new HashSet<double>(), (range, _) => stored.Where(e => range.Contains(e.Sequence)).ToAsyncEnumerable());

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

        Assert.Contains("changed while it was being read: 3 events, then 1", error.Message, StringComparison.Ordinal);
    }
}
