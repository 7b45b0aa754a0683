using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using RasaPlatform.Core.Assistants;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Listing;
using RasaPlatform.Core.Listing.Filters;
using RasaPlatform.Core.Markers;
using RasaPlatform.Core.Metadata;
using RasaPlatform.Core.Reviews;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage.Sql;
using RasaPlatform.Storage.Tests.Infrastructure;
using RasaPlatform.Testing.PostgreSql;
using static RasaPlatform.Storage.Tests.Infrastructure.TestEvents;

namespace RasaPlatform.Storage.Tests;

/// <summary>
/// What every <see cref="IConversationListing"/> adapter must answer, over one corpus per test class: seeded random
/// conversations checked against <see cref="ReferenceListing"/>, and hand-built ones that pin each rule readably.
/// </summary>
/// <remarks>The tests only read, so they share the corpus; it is written and projected by the first test that runs.</remarks>
public abstract class ConversationListingContract(StoreFixture fixture)
{
    private static readonly SemaphoreSlim CorpusLock = new(1, 1);

    protected StoreFixture Fixture { get; } = fixture;

    /// <summary>The listing under test; by default the store's own.</summary>
    protected virtual IConversationListing Listing => Fixture.Listing;

    [ContractTheory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task List_RandomFiltersOrdersAndPages_AgreeWithTheReference(int seed)
    {
        await CorpusAsync();
        var rows = await RowsAsync();
        var random = new Random(seed);
        var selective = 0;
        var exercised = new HashSet<ListingFilter>();
        for (var i = 0; i < 150; i++)
        {
            var query = RandomQuery(random, rows);
            exercised.UnionWith(ListingFilters.SetIn(query.Filter));
            var expected = ReferenceListing.Apply(rows, query);

            var page = await Listing.ListAsync(query, CancellationToken.None);

            var because = JsonSerializer.Serialize(query);
            Assert.True(expected.Total == page.Total, $"total {page.Total}, expected {expected.Total}: {because}");
            Assert.True(
                expected.Page.SequenceEqual(page.Items.Select(c => c.Metadata.SenderId)),
                $"page [{string.Join(", ", page.Items.Select(c => c.Metadata.SenderId))}], expected [{string.Join(", ", expected.Page)}]: {because}");
            selective += expected.Total > 0 && expected.Total < rows.Count ? 1 : 0;
        }

        // The queries must mostly select something, and not everything, to say anything; and try every filter.
        Assert.True(selective > 50, $"only {selective} of 150 queries were selective");
        Assert.Empty(ListingFilters.All.Except(exercised).Except(NotRandomized));
    }

    [ContractFact]
    public async Task List_Items_CarryTheStoredMetadata()
    {
        await CorpusAsync();

        var page = await Listing.ListAsync(Query(ConversationFilter.None, limit: 1000), CancellationToken.None);

        Assert.NotEmpty(page.Items);
        foreach (var item in page.Items)
        {
            var stored = await Fixture.Metadata.GetAsync(item.Metadata.SenderId, CancellationToken.None);
            Assert.Equal(Json(stored! with { SearchText = string.Empty }), Json(item.Metadata));
        }
    }

    [ContractTheory]
    [InlineData(true, 3_150, new[] { "hand-progress-quiet", "hand-progress-reopened" })]
    [InlineData(false, 3_150, new[] { "hand-progress-ended", "hand-progress-inactive" })]
    [InlineData(true, 3_200, new[] { "hand-progress-quiet" })]
    [InlineData(true, 3_200.5, new string[0])]
    [InlineData(false, 3_200.5, new[] { "hand-progress-ended", "hand-progress-inactive", "hand-progress-quiet", "hand-progress-reopened" })]
    public async Task List_InProgress_IsNoEndedSessionAndAUserMessageSinceTheCutOff(bool inProgress, double activeSince, string[] expected)
    {
        await CorpusAsync();
        var filter = new ConversationFilter { Progress = new ProgressCondition(inProgress, activeSince), Intents = ["progress_marker"] };

        var page = await Listing.ListAsync(Query(filter, ConversationOrder.Arrival, limit: 1000), CancellationToken.None);

        Assert.Equal(expected.Order(StringComparer.Ordinal), Senders(page).Order(StringComparer.Ordinal));
        Assert.Equal(expected.Length, page.Total);
    }

    [ContractTheory]
    [InlineData("place:berlin", new[] { "hand-slots-a", "hand-slots-b" })]
    [InlineData("place:BERLIN", new[] { "hand-slots-a", "hand-slots-b" })]
    [InlineData("place:\"berlin\"", new[] { "hand-slots-a" })]
    [InlineData("place:münchen", new[] { "hand-slots-a" })]
    [InlineData("Place:berlin", new string[0])]
    [InlineData("plac:berlin", new string[0])]
    [InlineData("place:%", new[] { "hand-slots-c" })]
    [InlineData("place:_", new[] { "hand-slots-c" })]
    [InlineData("place:\"a\":", new[] { "hand-slots-c" })]
    [InlineData("place:null", new[] { "hand-slots-d" })]
    [InlineData("count:3", new[] { "hand-slots-d" })]
    [InlineData("count:3,place:mitte", new[] { "hand-slots-b", "hand-slots-d" })]
    [InlineData("requested_slot:place", new string[0])]
    public async Task List_Slots_AnyValueEverSet_ContainsTheFragment_CaseInsensitively(string items, string[] expected)
    {
        await CorpusAsync();
        var filter = new ConversationFilter { Slots = SlotValues.Parse("slots", items), Intents = ["slot_marker"] };

        var page = await Listing.ListAsync(Query(filter, ConversationOrder.Arrival, limit: 1000), CancellationToken.None);

        Assert.Equal(expected, Senders(page));
        Assert.Equal(expected.Length, page.Total);
    }

    [ContractFact]
    public async Task List_Slots_ALongValueIsMatchedOnItsCut_AndATooLongNameIsNotKept()
    {
        await CorpusAsync();
        async Task<List<string>> Matching(string name, string fragment) => Senders(await Listing.ListAsync(
            Query(new ConversationFilter { Slots = [new SlotCondition(name, fragment)], Intents = ["slot_marker"] }, ConversationOrder.Arrival),
            CancellationToken.None));
        var kept = new string('l', SlotValues.MaximumNameLength);

        Assert.Equal(["hand-slots-long"], await Matching(kept, "😀😀😀"));
        Assert.Empty(await Matching(kept, string.Concat(Enumerable.Repeat("😀", 100))));
        Assert.Empty(await Matching(new string('m', SlotValues.MaximumNameLength + 1), "x"));
    }

    [ContractFact]
    public async Task List_ReviewStatus_FollowsEachChange_AndUnreadIsEveryOtherConversation()
    {
        await CorpusAsync();
        var marked = new ConversationFilter { Intents = ["review_marker"] };
        async Task<List<string>> WithStatus(params ReviewStatus[] statuses) =>
            Senders(await Listing.ListAsync(Query(marked with { ReviewStatuses = statuses }, ConversationOrder.Arrival, limit: 1000), CancellationToken.None));

        Assert.Equal(["hand-review-a", "hand-review-b"], await WithStatus(ReviewStatus.Unread));
        Assert.True(await Fixture.Reviews.SetAsync("hand-review-a", ReviewStatus.SavedForLater, CancellationToken.None));
        Assert.Equal(["hand-review-a"], await WithStatus(ReviewStatus.SavedForLater));
        Assert.Equal(["hand-review-b"], await WithStatus(ReviewStatus.Unread, ReviewStatus.Reviewed));
        Assert.True(await Fixture.Reviews.SetAsync("hand-review-a", ReviewStatus.Reviewed, CancellationToken.None));
        Assert.True(await Fixture.Reviews.SetAsync("hand-review-b", ReviewStatus.Reviewed, CancellationToken.None));
        Assert.Equal(["hand-review-a", "hand-review-b"], await WithStatus(ReviewStatus.Reviewed));
        Assert.Empty(await WithStatus(ReviewStatus.Unread, ReviewStatus.SavedForLater));
        var items = await Listing.ListAsync(Query(marked, ConversationOrder.Arrival), CancellationToken.None);
        Assert.All(items.Items, i => Assert.Equal(ReviewStatus.Reviewed, i.ReviewStatus));

        Assert.True(await Fixture.Reviews.SetAsync("hand-review-a", ReviewStatus.Unread, CancellationToken.None));
        Assert.True(await Fixture.Reviews.SetAsync("hand-review-b", ReviewStatus.Unread, CancellationToken.None));
        Assert.Equal(["hand-review-a", "hand-review-b"], await WithStatus(ReviewStatus.Unread));
        Assert.False(await Fixture.Reviews.SetAsync("hand-review-unknown", ReviewStatus.Reviewed, CancellationToken.None));
    }

    [ContractTheory]
    [InlineData("world", new[] { "hand-text" })]
    [InlineData("o w", new[] { "hand-text" })]
    [InlineData("100% s", new[] { "hand-text" })]
    [InlineData("% sure_t", new[] { "hand-text" })]
    [InlineData("0%", new[] { "hand-text" })]
    [InlineData("_", new[] { "hand-text" })]
    [InlineData("thing*", new[] { "hand-text" })]
    [InlineData("[x]?", new[] { "hand-text" })]
    [InlineData("?", new[] { "hand-text" })]
    [InlineData("ärger", new[] { "hand-text" })]
    [InlineData("\\", new[] { "hand-slash" })]
    [InlineData("a\\b", new[] { "hand-slash" })]
    [InlineData("%%", new string[0])]
    [InlineData("world\n100", new[] { "hand-text" })]
    [InlineData("hello world 100", new string[0])]
    public async Task List_Text_IsALiteralSubstringOfAUserMessage(string fragment, string[] expected)
    {
        await CorpusAsync();

        var page = await Listing.ListAsync(Query(new ConversationFilter { Text = fragment }, limit: 1000), CancellationToken.None);

        Assert.Equal(expected, page.Items.Select(i => i.Metadata.SenderId).Where(s => s.StartsWith("hand-", StringComparison.Ordinal)));
        Assert.Equal(expected.Length, page.Total);
    }

    [ContractTheory]
    [InlineData("1")]
    [InlineData("t 1")]
    [InlineData("ext")]
    [InlineData("text")]
    [InlineData("text 4")]
    [InlineData("aaa")]
    [InlineData("aaaa")]
    [InlineData("bbb")]
    [InlineData("bbbb")]
    [InlineData("bbbbb")]
    public async Task List_TextAlone_TotalIsExactWhicheverWayItIsCounted(string fragment)
    {
        await CorpusAsync();
        var query = Query(new ConversationFilter { Text = fragment }, limit: 1);

        var page = await Listing.ListAsync(query, CancellationToken.None);

        // A one-item page cannot prove its total: it comes from the index's trigram count (three characters), a pass
        // over every text (a common fragment) or the index's candidates (a rare one).
        var expected = ReferenceListing.Apply(await RowsAsync(), query);
        Assert.Equal(expected.Total, page.Total);
        Assert.Equal(expected.Page, page.Items.Select(i => i.Metadata.SenderId));
    }

    [ContractFact]
    public async Task List_BotTextsAndOtherEvents_AreNotSearched()
    {
        await CorpusAsync();

        var page = await Listing.ListAsync(Query(new ConversationFilter { Text = "bot says pineapple" }), CancellationToken.None);

        Assert.Equal(0, page.Total);
    }

    [ContractFact]
    public async Task List_NameLists_MatchAnyName()
    {
        await CorpusAsync();
        var filter = new ConversationFilter { Intents = ["sort_marker_b", "sort_marker_c", "no_such_intent"] };

        var page = await Listing.ListAsync(Query(filter, ConversationOrder.Arrival), CancellationToken.None);

        Assert.Equal(["hand-sort-high", "hand-sort-none"], Senders(page));
    }

    [ContractTheory]
    [InlineData(ConversationOrder.MinimumActionConfidenceDescending, new[] { "hand-sort-high", "hand-sort-low", "hand-sort-none" })]
    [InlineData(ConversationOrder.LatestEventTimeDescending, new[] { "hand-sort-none", "hand-sort-high", "hand-sort-low" })]
    [InlineData(ConversationOrder.Arrival, new[] { "hand-sort-low", "hand-sort-high", "hand-sort-none" })]
    public async Task List_Orders_ConfidenceHighestFirstWithoutConfidenceLast_RecentFirst_OrArrival(ConversationOrder order, string[] expected)
    {
        await CorpusAsync();

        var page = await Listing.ListAsync(Query(new ConversationFilter { Policies = ["SortTestPolicy"] }, order), CancellationToken.None);

        Assert.Equal(expected, Senders(page));
    }

    [ContractTheory]
    [InlineData(0, 2, new[] { "hand-sort-low", "hand-sort-high" })]
    [InlineData(2, 2, new[] { "hand-sort-none" })]
    [InlineData(1, 1, new[] { "hand-sort-high" })]
    [InlineData(3, 2, new string[0])]
    [InlineData(50, 10, new string[0])]
    public async Task List_Pages_AreWindowsOfOneOrderWithTheFullTotal(int offset, int limit, string[] expected)
    {
        await CorpusAsync();

        var page = await Listing.ListAsync(
            new ConversationListQuery(new ConversationFilter { Policies = ["SortTestPolicy"] }, ConversationOrder.Arrival, limit, offset),
            CancellationToken.None);

        Assert.Equal(expected, Senders(page));
        Assert.Equal(3, page.Total);
    }

    [ContractFact]
    public async Task List_StartAndUntil_BoundTheLatestUserEventTime()
    {
        await CorpusAsync();

        // hand-times: user message at 5,000, bot message at 9,000.
        var hit = new ConversationFilter { Intents = ["times_marker"], Start = 5_000, Until = 5_000 };
        var miss = new ConversationFilter { Intents = ["times_marker"], Start = 8_000 };

        Assert.Equal(["hand-times"], Senders(await Listing.ListAsync(Query(hit), CancellationToken.None)));
        Assert.Empty(Senders(await Listing.ListAsync(Query(miss), CancellationToken.None)));
    }

    [ContractFact]
    public async Task List_ConversationWithoutEvents_IsListedLastByRecency()
    {
        await CorpusAsync();

        var page = await Listing.ListAsync(Query(ConversationFilter.None, limit: 1000), CancellationToken.None);

        Assert.Equal("hand-empty", page.Items[^1].Metadata.SenderId);
        Assert.Null(page.Items[^1].Metadata.LatestEventTime);
    }

    [ContractFact]
    public async Task List_Messages_AreTheDistinctTimestampsOfUserAndBotEvents()
    {
        await CorpusAsync();

        var page = await Listing.ListAsync(Query(new ConversationFilter { Intents = ["times_marker"] }), CancellationToken.None);

        var item = Assert.Single(page.Items);
        Assert.Equal([5_000.0, 9_000.0], item.UnflaggedMessages);
        Assert.Empty(item.FlaggedMessages);
    }

    [ContractFact]
    public async Task DistinctNames_AreEveryNameOfTheCategoryOrdinallySorted()
    {
        await CorpusAsync();
        var rows = await RowsAsync();

        foreach (var category in Enum.GetValues<NameCategory>().Except(WithoutCorpusNames))
        {
            var expected = rows.SelectMany(r => NamesOf(r.Metadata, category)).Distinct().Order(StringComparer.Ordinal).ToList();
            var actual = await Listing.DistinctNamesAsync(category, null, CancellationToken.None);
            Assert.NotEmpty(actual);
            Assert.Equal(expected, actual);
        }
    }

    [ContractFact]
    public async Task List_Assistants_MatchAnyOfThem_WithEveryOtherFilter_AndExactTotals()
    {
        await CorpusAsync();
        var rows = await RowsAsync();
        var assistants = rows.Select(r => r.Metadata.AssistantId!).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.True(assistants.Count >= 3, $"the corpus has assistants {string.Join(", ", assistants)}");
        var intent = rows.SelectMany(r => r.Metadata.Intents).GroupBy(i => i).MaxBy(g => g.Count())!.Key;
        var channel = rows.Select(r => r.Metadata.LatestInputChannel).OfType<string>().First();
        var times = rows.Select(r => r.Metadata.LatestUserEventTime).OfType<double>().Order().ToList();
        var others = new ConversationFilter[]
        {
            ConversationFilter.None,
            new() { Intents = [intent] },
            new() { Intents = [intent, "sort_marker_a"] },
            new() { InTrainingData = false },
            new() { InTrainingData = true, Intents = [intent] },
            new() { InputChannels = [channel] },
            new() { Start = times[times.Count / 4], Until = times[times.Count * 3 / 4] },
            new() { MinimumUserMessages = 2 },
            new() { MaximumConfidence = 0.5 },
            new() { MinimumNluConfidence = 0.5 },
            new() { Text = "text 1" },
        };
        // One assistant, two, one with a name no conversation has, and every one (which is no condition at all).
        var sets = assistants.Select(a => new[] { a })
            .Append([assistants[0], assistants[^1]])
            .Append([assistants[1], "unknown-assistant"])
            .Append([.. assistants]);

        foreach (var set in sets)
        {
            foreach (var other in others)
            {
                foreach (var (order, limit) in new[] { (ConversationOrder.LatestEventTimeDescending, 1), (ConversationOrder.Arrival, 2), (ConversationOrder.MinimumActionConfidenceDescending, 1000) })
                {
                    var query = new ConversationListQuery(other with { Assistants = set.ToHashSet() }, order, limit, 0);
                    var expected = ReferenceListing.Apply(rows, query);

                    var page = await Listing.ListAsync(query, CancellationToken.None);

                    var because = JsonSerializer.Serialize(query);
                    Assert.True(expected.Total == page.Total, $"total {page.Total}, expected {expected.Total}: {because}");
                    Assert.True(expected.Page.SequenceEqual(Senders(page)), $"page [{string.Join(", ", Senders(page))}], expected [{string.Join(", ", expected.Page)}]: {because}");
                }
            }
        }
    }

    [ContractFact]
    public async Task List_AssistantSetAdmittingNoConversation_IsEmptyWithATotalOf0()
    {
        await CorpusAsync();
        var some = (await RowsAsync()).First().Metadata.AssistantId!;

        // A caller limited to one assistant who asks for another: the intersection is empty, not "every assistant".
        var scopes = new[]
        {
            AssistantScope.Intersect(new HashSet<string> { "unknown-assistant" }, new HashSet<string> { some }),
            AssistantScope.Intersect(new HashSet<string> { some }, new HashSet<string> { "unknown-assistant" }),
            new HashSet<string> { "unknown-assistant" },
        };

        foreach (var scope in scopes)
        {
            var page = await Listing.ListAsync(Query(new ConversationFilter { Assistants = scope }, limit: 1), CancellationToken.None);
            Assert.Empty(page.Items);
            Assert.Equal(0, page.Total);
            foreach (var category in Enum.GetValues<NameCategory>())
            {
                Assert.Empty(await Listing.DistinctNamesAsync(category, scope, CancellationToken.None));
            }

            Assert.Empty(await Listing.AssistantsAsync(scope, CancellationToken.None));
        }
    }

    [ContractFact]
    public async Task DistinctNamesAndAssistants_PerAssistant_AreThoseOfItsConversations()
    {
        await CorpusAsync();
        var rows = await RowsAsync();
        var byAssistant = rows.GroupBy(r => r.Metadata.AssistantId!).ToDictionary(g => g.Key, g => g.ToList());
        var sets = byAssistant.Keys.Select(a => new HashSet<string> { a })
            .Append([.. byAssistant.Keys.Take(2), "unknown-assistant"])
            .Append(null);

        foreach (var set in sets)
        {
            var admitted = rows.Where(r => set is null || set.Contains(r.Metadata.AssistantId!)).ToList();
            foreach (var category in Enum.GetValues<NameCategory>().Except(WithoutCorpusNames))
            {
                var expected = admitted.SelectMany(r => NamesOf(r.Metadata, category)).Distinct().Order(StringComparer.Ordinal).ToList();
                Assert.Equal(expected, await Listing.DistinctNamesAsync(category, set, CancellationToken.None));
            }

            var counts = admitted.GroupBy(r => r.Metadata.AssistantId!).Select(g => new AssistantConversations(g.Key, g.Count()))
                .OrderBy(a => a.Name, StringComparer.Ordinal);
            Assert.Equal(counts, await Listing.AssistantsAsync(set, CancellationToken.None));
        }

        Assert.True(byAssistant.Count >= 3 && byAssistant.Values.All(v => v.Count < rows.Count), "the corpus spreads over assistants");
    }

    /// <summary>Kinds of names the corpus's metadata does not give: markers come from marker results (see <see cref="MarkerStoreContract"/>).</summary>
    private static readonly NameCategory[] WithoutCorpusNames = [NameCategory.Marker];

    private static IReadOnlyList<string> NamesOf(ConversationMetadata m, NameCategory category) => category switch
    {
        NameCategory.Intent => m.Intents,
        NameCategory.Entity => m.Entities,
        NameCategory.Action => m.Actions,
        NameCategory.Policy => m.Policies,
        NameCategory.InputChannel => m.InputChannels,
        NameCategory.SlotValue => [.. m.Slots.Select(v => v.Key)],
        NameCategory.SlotMatch => [.. m.Slots.Select(SlotMatches.MatchKey).Distinct()],
        NameCategory.SlotName => [.. m.Slots.Select(v => v.Name).Distinct()],
        _ => throw new ArgumentOutOfRangeException(nameof(category)),
    };

    private static ConversationListQuery Query(ConversationFilter filter, ConversationOrder order = ConversationOrder.LatestEventTimeDescending, int limit = 50) =>
        new(filter, order, limit, 0);

    private static List<string> Senders(ConversationPage page) => page.Items.Select(i => i.Metadata.SenderId).ToList();

    private static string Json(ConversationMetadata metadata) => JsonSerializer.Serialize(metadata);

    /// <summary>
    /// The filters the random queries leave out, because this corpus has no flags or tags: each has contract tests of its
    /// own (<c>is_flagged</c> in the API's listing tests and the index's, tags in <see cref="TagListingContract"/>). A new
    /// filter goes into the random queries.
    /// </summary>
    private static readonly ListingFilter[] NotRandomized = [ListingFilters.Flagged, ListingFilters.TagNames, ListingFilters.TagIds];

    /// <summary>A random filter over values the corpus holds (bounds equal to stored values, to test inclusiveness).</summary>
    private static ConversationListQuery RandomQuery(Random random, List<ReferenceListing.Row> rows)
    {
        T Pick<T>(IReadOnlyList<T> values) => values[random.Next(values.Count)];
        bool Sometimes() => random.Next(5) == 0;
        IReadOnlyList<string> Names(Func<ConversationMetadata, IEnumerable<string>> of)
        {
            if (!Sometimes())
            {
                return [];
            }

            var all = rows.SelectMany(r => of(r.Metadata)).Distinct().ToList();
            return all.Count == 0 ? [] : [.. Enumerable.Range(0, random.Next(1, 3)).Select(_ => Pick(all)).Append("unknown-name").Distinct()];
        }

        double? Bound(Func<ConversationMetadata, double?> of)
        {
            var values = rows.Select(r => of(r.Metadata)).OfType<double>().ToList();
            return Sometimes() && values.Count > 0 ? Pick(values) : null;
        }

        string? Text()
        {
            var texts = rows.Select(r => r.Metadata.SearchText).Where(t => t.Length > 0).ToList();
            if (!Sometimes() || texts.Count == 0)
            {
                return null;
            }

            var text = Pick(texts);
            var start = random.Next(text.Length);
            return text.Substring(start, Math.Min(text.Length - start, random.Next(1, 7)));
        }

        IReadOnlyList<SlotCondition> SlotItems()
        {
            var values = rows.SelectMany(r => r.Metadata.Slots).ToList();
            if (!Sometimes() || values.Count == 0)
            {
                return [];
            }

            return [.. Enumerable.Range(0, random.Next(1, 3)).Select(_ =>
            {
                var value = Pick(values);
                var json = value.Json.ToLowerInvariant();
                var start = random.Next(json.Length);
                var name = random.Next(6) == 0 ? "unknown" : value.Name;
                var fragment = json.Substring(start, Math.Min(json.Length - start, random.Next(1, 5)));

                // A query string cannot carry half a surrogate pair (UTF-8 has none): never ask one.
                return new SlotCondition(name, fragment.Any(char.IsSurrogate) ? json : fragment);
            }).Distinct()];
        }

        var filter = new ConversationFilter
        {
            Intents = Names(m => m.Intents),
            Entities = Names(m => m.Entities),
            Actions = Names(m => m.Actions),
            Policies = Names(m => m.Policies),
            InputChannels = Names(m => m.LatestInputChannel is { } c ? [c] : []),
            Text = Text(),
            Start = Bound(m => m.LatestUserEventTime),
            Until = Bound(m => m.LatestUserEventTime),
            MinimumUserMessages = Sometimes() ? random.Next(0, 6) : null,
            MaximumConfidence = Bound(m => m.MinimumActionConfidence),
            MinimumConfidence = Bound(m => m.MinimumActionConfidence),
            MinimumNluConfidence = Bound(m => m.MinimumIntentConfidence),
            MaximumNluConfidence = Bound(m => m.MinimumIntentConfidence),
            InTrainingData = random.Next(4) switch { 0 => true, 1 => false, _ => null },
            Assistants = Sometimes() ? Names(m => m.AssistantId is { } a ? [a] : []).ToHashSet(StringComparer.Ordinal) : null,
            ReviewStatuses = Sometimes() ? [.. ReviewStatuses.All.Where(_ => random.Next(2) == 0)] : [],
            HasCorrections = random.Next(6) switch { 0 => true, 1 => false, _ => null },
            Slots = SlotItems(),

            // The corpus has no marker results (MarkerStoreContract and the API's marker tests have them): a marker
            // filter matches nothing, its negation everything, on the index, the SQL and the reference alike.
            Markers = random.Next(8) == 0 ? [MarkerNames.Key(random.Next(1, 3), "m")] : null,
            MarkersNot = random.Next(8) == 0 ? [MarkerNames.Key(random.Next(1, 3), "m")] : null,
            Progress = Bound(m => m.LatestUserEventTime ?? m.LatestEventTime) is { } since
                ? new ProgressCondition(random.Next(2) == 0, since)
                : null,
        };
        var order = (ConversationOrder)random.Next(3);
        var limit = random.Next(4) == 0 ? 1000 : random.Next(1, 20);
        var offset = random.Next(3) == 0 ? random.Next(0, 40) : 0;
        return new ConversationListQuery(filter, order, limit, offset);
    }

    /// <summary>Every conversation with metadata, with its id, as the reference needs them.</summary>
    private async Task<List<ReferenceListing.Row>> RowsAsync()
    {
        var ids = new List<(long Id, string Sender)>();
        await using (var connection = await Fixture.OpenConnectionAsync())
        {
            await using var command = connection.CreateCommand("SELECT id, sender_id FROM conversations ORDER BY id");
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Add((reader.GetInt64(0), reader.GetString(1)));
            }
        }

        var reviews = await Fixture.Reviews.StatusesAsync([.. ids.Select(i => i.Sender)], CancellationToken.None);
        var rows = new List<ReferenceListing.Row>();
        foreach (var (id, sender) in ids)
        {
            if (await Fixture.Metadata.GetAsync(sender, CancellationToken.None) is { } metadata)
            {
                rows.Add(new ReferenceListing.Row(id, metadata, [])
                {
                    ReviewStatus = reviews.GetValueOrDefault(sender),
                    HasCorrections = (await Fixture.Corrections.ReadAsync(sender, CancellationToken.None)).Count > 0,
                });
            }
        }

        return rows;
    }

    private async Task CorpusAsync()
    {
        await CorpusLock.WaitAsync();
        try
        {
            if (Fixture.Store is not { } store || await store.FindAsync("hand-text", CancellationToken.None) is not null)
            {
                return;
            }

            var random = new RandomConversations(20261121, [.. Enumerable.Range(0, 80).Select(i => $"random-{i:D2}")]);
            for (var i = 0; i < 200; i++)
            {
                await store.WriteAsync(random.NextBatch(), CancellationToken.None);
            }

            foreach (var write in HandBuilt())
            {
                await store.WriteAsync([write], CancellationToken.None);
            }

            // Sessions that ended: every fifth random conversation's after its last event, and a later message
            // reopening one of them; then review statuses over a spread of conversations.
            for (var i = 0; i < 80; i += 5)
            {
                var ended = i % 10 == 0 ? "session_ended" : "conversation_inactive";
                await store.WriteAsync([Append($"random-{i:D2}", Parse($$"""{"event":"{{ended}}","timestamp":1900000000}"""))], CancellationToken.None);
            }

            await store.WriteAsync([Append("random-10", UserSays(1_900_000_001, "back again", "text_marker"))], CancellationToken.None);

            // Slots of several kinds of value over a spread of conversations, some set twice.
            string[] cities = ["\"Berlin\"", "\"São Paulo\"", "\"berlin-mitte\"", """{"b":1,"a":"X_%"}""", "null", "true", "3.5", "[\"Ärger\",2]"];
            for (var i = 1; i < 80; i += 4)
            {
                await store.WriteAsync(
                    [Append(
                        $"random-{i:D2}",
                        Parse($$"""{"event":"slot","name":"city","value":{{cities[i % cities.Length]}},"timestamp":1800000000}"""),
                        Parse($$"""{"event":"slot","name":"{{(i % 3 == 0 ? "requested_slot" : "City")}}","value":{{cities[(i + 3) % cities.Length]}},"timestamp":1800000001}"""))],
                    CancellationToken.None);
            }

            for (var i = 0; i < 80; i += 3)
            {
                var status = (i / 3 % 3) switch { 0 => ReviewStatus.Reviewed, 1 => ReviewStatus.SavedForLater, _ => ReviewStatus.Unread };
                Assert.True(await Fixture.Reviews.SetAsync($"random-{i:D2}", status, CancellationToken.None));
            }

            // Intent corrections on the first user message of every seventh conversation that has one.
            for (var i = 0; i < 80; i += 7)
            {
                var events = await store.ReadEventsAsync($"random-{i:D2}", EventQuery.All, CancellationToken.None).ToListAsync();
                if (events.FirstOrDefault(e => e.Type == EventTypes.User) is { } user)
                {
                    await Fixture.Corrections.SetAsync($"random-{i:D2}", user.Timestamp, "corrected_intent", CancellationToken.None);
                }
            }

            var projector = new MetadataProjector(
                Fixture.Metadata,
                store,
                Fixture.Clock,
                Options.Create(new MetadataProjectorOptions { BatchSize = 37 }));
            while (await projector.RunOnceAsync(CancellationToken.None) > 0)
            {
            }
        }
        finally
        {
            CorpusLock.Release();
        }
    }

    private static IEnumerable<ConversationWrite> HandBuilt()
    {
        yield return Append(
            "hand-text",
            UserSays(1_000, "Hello WORLD", "text_marker"),
            UserSays(1_001, "100% sure_thing*", "text_marker"),
            UserSays(1_002, "Ärger [x]?", "text_marker"),
            Parse("""{"event":"bot","timestamp":1003,"text":"bot says pineapple"}"""));
        yield return Append("hand-slash", UserSays(1_100, @"a\b", "text_marker"));
        yield return Append(
            "hand-progress-ended",
            UserSays(3_000, "bye", "progress_marker"),
            Parse("""{"event":"session_ended","timestamp":3001}"""));
        yield return Append(
            "hand-progress-inactive",
            UserSays(3_050, "bye", "progress_marker"),
            Parse("""{"event":"conversation_inactive","timestamp":3301}"""));
        yield return Append(
            "hand-progress-reopened",
            UserSays(3_100, "bye", "progress_marker"),
            Parse("""{"event":"session_ended","timestamp":3101}"""),
            UserSays(3_160, "hello again", "progress_marker"));
        yield return Append("hand-progress-quiet", UserSays(3_200, "still here", "progress_marker"));
        yield return Append(
            "hand-slots-a",
            UserSays(3_600, "slots", "slot_marker"),
            Parse("""{"event":"slot","name":"place","value":"Berlin","timestamp":3601}"""),
            Parse("""{"event":"slot","name":"place","value":"München","timestamp":3602}"""),
            Parse("""{"event":"slot","name":"requested_slot","value":"place","timestamp":3603}"""));
        yield return Append(
            "hand-slots-b",
            UserSays(3_700, "slots", "slot_marker"),
            Parse("""{"event":"slot","name":"place","value":"Berlin-Mitte","timestamp":3701}"""));
        yield return Append(
            "hand-slots-c",
            UserSays(3_800, "slots", "slot_marker"),
            Parse("""{"event":"slot","name":"place","value":{"b":"100%","a":"x_y"},"timestamp":3801}"""));
        yield return Append(
            "hand-slots-d",
            UserSays(3_900, "slots", "slot_marker"),
            Parse("""{"event":"slot","name":"place","value":null,"timestamp":3901}"""),
            Parse("""{"event":"slot","name":"count","value":3,"timestamp":3902}"""));
        // Four UTF-8 bytes a character, longest name kept: within PostgreSQL's limit on an index entry once cut.
        yield return Append(
            "hand-slots-long",
            UserSays(3_950, "slots", "slot_marker"),
            Parse($$"""{"event":"slot","name":"{{new string('l', SlotValues.MaximumNameLength)}}","value":"{{string.Concat(Enumerable.Repeat("😀", 300))}}","timestamp":3951}"""),
            Parse($$"""{"event":"slot","name":"{{new string('m', SlotValues.MaximumNameLength + 1)}}","value":"x","timestamp":3952}"""));
        yield return Append("hand-review-a", UserSays(3_400, "review me", "review_marker"));
        yield return Append("hand-review-b", UserSays(3_500, "review me too", "review_marker"));
        yield return Append("hand-repeat", UserSays(1_200, "aaa BBBB", "repeat_marker"));
        yield return Append("hand-repeat-short", UserSays(1_300, "bbb", "repeat_marker"));

        // In arrival order low, high, none; by recency none, high, low.
        yield return Append(
            "hand-sort-low",
            UserSays(2_000, "sort", "sort_marker_a"),
            ActionBy(2_001, "SortTestPolicy", 0.2));
        yield return Append(
            "hand-sort-high",
            UserSays(2_100, "sort", "sort_marker_b"),
            ActionBy(2_101, "SortTestPolicy", 0.9));
        yield return Append(
            "hand-sort-none",
            UserSays(2_200, "sort", "sort_marker_c"),
            ActionBy(2_201, "SortTestPolicy", null));

        yield return Append(
            "hand-times",
            UserSays(5_000, "times", "times_marker"),
            Parse("""{"event":"bot","timestamp":9000,"text":"later"}"""),
            Parse("""{"event":"bot","timestamp":9000,"text":"at the same time"}"""));
        yield return Replace("hand-empty");
    }

    private static IncomingEvent UserSays(double timestamp, string text, string intent) => Parse(JsonSerializer.Serialize(new
    {
        @event = "user",
        timestamp,
        text,
        input_channel = "hand",
        parse_data = new { intent = new { name = intent, confidence = 0.5 } },
    }));

    private static IncomingEvent ActionBy(double timestamp, string policy, double? confidence) => Parse(JsonSerializer.Serialize(new
    {
        @event = "action",
        timestamp,
        name = "action_sort",
        policy = $"policy_3_{policy}",
        confidence,
    }));
}

public sealed class SqliteConversationListingTests(SqliteDatabase database)
    : ConversationListingContract(database), IClassFixture<SqliteDatabase>;

[RequiresPostgreSql]
public sealed class PostgreSqlConversationListingTests(PostgreSqlDatabase<PostgreSqlConversationListingTests> database)
    : ConversationListingContract(database), IClassFixture<PostgreSqlDatabase<PostgreSqlConversationListingTests>>;
