using RasaPlatform.Core.Listing;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Core.Tests.Listing;

/// <summary>
/// The index's own mechanics, on rows given directly: pages deep enough to leave the bounded heap, slots freed and
/// reused, names forgotten when a row is replaced. (The filter semantics are the listing contract's, run against the
/// index on both stores.)
/// </summary>
public sealed class ListingIndexTests
{
    [Theory]
    [InlineData(ConversationOrder.LatestEventTimeDescending, 0, 50)]
    [InlineData(ConversationOrder.LatestEventTimeDescending, 16_300, 200)]
    [InlineData(ConversationOrder.MinimumActionConfidenceDescending, 25_000, 1000)]
    [InlineData(ConversationOrder.Arrival, 39_990, 50)]
    [InlineData(ConversationOrder.MinimumActionConfidenceDescending, 3, 7)]
    public async Task Select_AnyPageDepth_IsTheWindowOfTheFullSort(ConversationOrder order, long offset, int limit)
    {
        var rows = Rows(40_000, seed: 7);
        var index = await LoadAsync(rows, []);

        var selection = index.Select(new ConversationListQuery(ConversationFilter.None, order, limit, offset));

        var expected = Sorted(rows, order).Skip((int)offset).Take(limit).Select(r => r.ConversationId);
        Assert.Equal(expected, selection.ConversationIds);
        Assert.Equal(rows.Count, selection.Total);
    }

    [Fact]
    public async Task Apply_RemovedThenNew_ReusesTheSlotWithoutItsOldNamesOrFlags()
    {
        var index = await LoadAsync([Row(1, flagged: true, training: true), Row(2)], [(1, NameCategory.Intent, "greet")]);
        var changes = new ListingChanges();
        changes.Remove(1);
        changes.Upsert(Row(3));
        index.Apply(changes);

        Assert.Equal(0, Select(index, new ConversationFilter { Intents = ["greet"] }).Total);
        Assert.Equal(0, Select(index, new ConversationFilter { OnlyFlagged = true }).Total);
        Assert.Equal(0, Select(index, new ConversationFilter { InTrainingData = true }).Total);
        Assert.Equal([3L, 2L], Select(index, ConversationFilter.None).ConversationIds);
        Assert.Equal(2, index.Count);
    }

    [Fact]
    public async Task Apply_ReplacedRow_HasOnlyItsNewNames()
    {
        var index = await LoadAsync([Row(1)], [(1, NameCategory.Intent, "greet"), (1, NameCategory.Entity, "city")]);
        var changes = new ListingChanges();
        changes.Upsert(Row(1));
        changes.AddName(1, NameCategory.Intent, "goodbye");
        index.Apply(changes);

        Assert.Equal(0, Select(index, new ConversationFilter { Intents = ["greet"] }).Total);
        Assert.Equal(0, Select(index, new ConversationFilter { Entities = ["city"] }).Total);
        Assert.Equal([1L], Select(index, new ConversationFilter { Intents = ["goodbye", "greet"] }).ConversationIds);
    }

    [Fact]
    public async Task Select_ChannelOrAssistantNobodyHas_MatchesNothing()
    {
        var index = await LoadAsync([Row(1) with { InputChannel = "rest", Assistant = "a" }], []);

        Assert.Equal(0, Select(index, new ConversationFilter { InputChannels = ["slack"] }).Total);
        Assert.Equal(0, Select(index, new ConversationFilter { Assistants = new HashSet<string>() }).Total);
        Assert.Equal(1, Select(index, new ConversationFilter { InputChannels = ["slack", "rest"], Assistants = new HashSet<string> { "a" } }).Total);
    }

    [Fact]
    public void Select_Tags_IsRefused()
    {
        var index = new ListingIndex();

        Assert.Throws<ArgumentException>(() => Select(index, new ConversationFilter { TagIds = [1] }));
        Assert.Throws<ArgumentException>(() => Select(index, new ConversationFilter { TagNames = ["vip"] }));
    }

    [Fact]
    public async Task Select_Text_IsASubstringOfTheUtf8Text_InEveryBlock_WithTheOtherConditions()
    {
        // Enough rows for several parallel blocks; every 7th text holds the fragment, non-ASCII included.
        var rows = Enumerable.Range(1, 100_000).Select(i => Row(i) with { UserMessages = i % 2 }).ToList();
        var feed = new RowsFeed(rows, [], [.. rows.Where(r => r.ConversationId % 7 == 0).Select(r => (r.ConversationId, $"x{r.ConversationId} große ärger\nend"))]);
        var index = (await ListingIndex.LoadAsync(feed, CancellationToken.None)).Index;

        var all = Select(index, new ConversationFilter { Text = "e ärger\ne" });
        var some = Select(index, new ConversationFilter { Text = "ärger", MinimumUserMessages = 1 });

        Assert.Equal(100_000 / 7, all.Total);
        Assert.Equal(Enumerable.Range(1, 100_000).Count(i => i % 7 == 0 && i % 2 == 1), some.Total);
        Assert.Equal([99_995L, 99_981L], some.ConversationIds.Take(2));
        Assert.Equal(0, Select(index, new ConversationFilter { Text = "ärgern" }).Total);
    }

    [Fact]
    public async Task Select_Text_AfterRoundsOfReplacedAndRemovedTexts_MatchesEveryLiveTextThatHoldsIt()
    {
        // Over 4 MiB of text, so texts fill several chunks and replacements leave garbage enough to rewrite them; one
        // text is longer than a chunk. The training flag marks every 16th row, so "text + training" checks few
        // candidates one by one while "text" alone scans the chunks.
        var random = new Random(11);
        var words = new[] { "can", "cancel", "order", "inform", "ärger", "x", "ca", "n ca" };
        string Text() => string.Join(' ', Enumerable.Range(0, random.Next(0, 120)).Select(_ => words[random.Next(words.Length)]));
        var texts = Enumerable.Range(1, 20_000).ToDictionary(i => (long)i, _ => Text());
        texts[7] = new string('a', (4 << 20) + 10) + " inform";
        var rows = texts.Keys.Select(id => Row(id, training: id % 16 == 0)).ToList();
        var index = (await ListingIndex.LoadAsync(new RowsFeed(rows, [], [.. texts.Select(t => (t.Key, t.Value))]), CancellationToken.None)).Index;

        for (var round = 0; round < 6; round++)
        {
            var changes = new ListingChanges();
            foreach (var id in texts.Keys.Where(_ => random.Next(3) == 0).ToList())
            {
                if (random.Next(10) == 0)
                {
                    changes.Remove(id);
                    texts.Remove(id);
                    continue;
                }

                texts[id] = Text();
                changes.Upsert(Row(id, training: id % 16 == 0));
                changes.SetText(id, System.Text.Encoding.UTF8.GetBytes(texts[id]));
            }

            index.Apply(changes);
            foreach (var fragment in new[] { "can", "inform", "n ca", "ärger x", "ancel ord", "xcan" })
            {
                long[] Expected(bool trainingOnly) => [.. texts
                    .Where(t => t.Value.Contains(fragment, StringComparison.Ordinal) && (!trainingOnly || t.Key % 16 == 0))
                    .Select(t => t.Key)
                    .OrderDescending()];
                var all = index.Select(new ConversationListQuery(new ConversationFilter { Text = fragment }, ConversationOrder.LatestEventTimeDescending, 100_000, 0));
                var few = index.Select(new ConversationListQuery(new ConversationFilter { Text = fragment, InTrainingData = true }, ConversationOrder.LatestEventTimeDescending, 100_000, 0));

                Assert.Equal(Expected(trainingOnly: false), all.ConversationIds);
                Assert.Equal(Expected(trainingOnly: true), few.ConversationIds);
            }
        }
    }

    [Fact]
    public async Task Select_AfterRoundsOfRandomUpsertsAndRemovals_ListsExactlyTheLiveIds()
    {
        // Ids consecutive, far apart by powers of two (the same low bits) and anywhere in the long range, so that the
        // slot lookup's probe runs grow long and each removal shifts entries back across them.
        var random = new Random(5);
        long NewId() => random.Next(3) switch
        {
            0 => random.Next(1, 5_000),
            1 => (long)random.Next(1, 5_000) << 32,
            _ => random.NextInt64(long.MinValue, long.MaxValue),
        };
        var live = new HashSet<long>();
        var index = (await ListingIndex.LoadAsync(new RowsFeed([], []), CancellationToken.None)).Index;

        for (var round = 0; round < 20; round++)
        {
            // As the feed gives them: each changed conversation once, removed or upserted.
            var changes = new ListingChanges();
            var touched = new HashSet<long>();
            for (var i = 0; i < 3_000; i++)
            {
                var known = live.Count > 0 && random.Next(2) == 0;
                var id = known ? live.ElementAt(random.Next(live.Count)) : NewId();
                if (!touched.Add(id))
                {
                    continue;
                }

                if (known && random.Next(3) != 0)
                {
                    changes.Remove(id);
                    live.Remove(id);
                }
                else
                {
                    changes.Upsert(Row(id));
                    live.Add(id);
                }
            }

            changes.Remove(-1L);
            index.Apply(changes);

            var all = index.Select(new ConversationListQuery(new ConversationFilter(), ConversationOrder.Arrival, 1_000_000, 0));
            Assert.Equal(live.Count, index.Count);
            Assert.Equal(live.Order(), all.ConversationIds);
        }
    }

    private static ListingSelection Select(ListingIndex index, ConversationFilter filter) =>
        index.Select(new ConversationListQuery(filter, ConversationOrder.LatestEventTimeDescending, 50, 0));

    private static ListingRow Row(long id, bool flagged = false, bool training = false) =>
        new(id, id * 10, id * 10, 0.5, 0.5, 1, null, null, training, flagged);

    /// <summary>Random rows with frequent ties and nulls, so that every tie-break is exercised.</summary>
    private static List<ListingRow> Rows(int count, int seed)
    {
        var random = new Random(seed);
        double? Some(double value) => random.Next(10) == 0 ? null : value;
        return [.. Enumerable.Range(1, count).Select(i => new ListingRow(
            i * 3L,
            Some(random.Next(500)),
            Some(random.Next(500)),
            Some(random.Next(20) / 20.0),
            Some(random.Next(20) / 20.0),
            random.Next(5),
            null,
            null,
            random.Next(2) == 0,
            false))];
    }

    private static IEnumerable<ListingRow> Sorted(List<ListingRow> rows, ConversationOrder order)
    {
        // Nulls last in each descending key; the id last of all.
        static double Key(double? value) => value ?? double.NegativeInfinity;
        return order switch
        {
            ConversationOrder.LatestEventTimeDescending => rows.OrderByDescending(r => Key(r.LatestEventTime)).ThenByDescending(r => r.ConversationId),
            ConversationOrder.MinimumActionConfidenceDescending => rows
                .OrderByDescending(r => Key(r.MinimumActionConfidence))
                .ThenByDescending(r => Key(r.LatestEventTime))
                .ThenByDescending(r => r.ConversationId),
            _ => rows.OrderBy(r => r.ConversationId),
        };
    }

    private static async Task<ListingIndex> LoadAsync(List<ListingRow> rows, List<(long Id, NameCategory Category, string Name)> names) =>
        (await ListingIndex.LoadAsync(new RowsFeed(rows, names), CancellationToken.None)).Index;

    private sealed class RowsFeed(
        List<ListingRow> rows,
        List<(long Id, NameCategory Category, string Name)> names,
        List<(long Id, string Text)>? texts = null) : IListingFeed
    {
        public Task<ListingPosition> ReadAllAsync(IListingSink sink, CancellationToken cancellationToken)
        {
            rows.ForEach(r => sink.Upsert(r));
            names.ForEach(n => sink.AddName(n.Id, n.Category, n.Name));
            texts?.ForEach(t => sink.SetText(t.Id, System.Text.Encoding.UTF8.GetBytes(t.Text)));
            return Task.FromResult(new ListingPosition(0));
        }

        public Task<ListingPosition> ReadChangesAsync(ListingPosition position, IListingSink sink, CancellationToken cancellationToken) =>
            Task.FromResult(position);

        public Task<IReadOnlyList<ListedConversation>> ItemsAsync(IReadOnlyList<long> conversationIds, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task PruneAsync(NodaTime.Duration age, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
