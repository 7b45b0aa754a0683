using System.Text.Json;
using Microsoft.Extensions.Options;
using RasaPlatform.Core.Listing;
using RasaPlatform.Core.Metadata;
using RasaPlatform.Core.Storage;
using RasaPlatform.Core.Tags;
using RasaPlatform.Storage.Tests.Infrastructure;
using RasaPlatform.Testing.PostgreSql;
using static RasaPlatform.Storage.Tests.Infrastructure.TestEvents;

namespace RasaPlatform.Storage.Tests;

/// <summary>
/// The listing's tag filters (<see cref="ConversationFilter.TagIds"/>, <see cref="ConversationFilter.TagNames"/>) and
/// the tags on its items, on every engine: random tagged conversations checked against <see cref="ReferenceListing"/>,
/// alone and combined with the other filters, orders and pages.
/// </summary>
/// <remarks>The tests only read, so they share one corpus, written by the first test that runs.</remarks>
public abstract class TagListingContract(StoreFixture fixture)
{
    private static readonly SemaphoreSlim CorpusLock = new(1, 1);

    /// <summary>(assistant, name, how often a conversation carries it): a common tag, a rare one, one name twice.</summary>
    private static readonly (string Assistant, string Name, double Share)[] TagSpecs =
    [
        ("assistant-0", "red", 0.3),
        ("assistant-0", "blue", 0.2),
        ("assistant-1", "red", 0.2),
        ("default", "common", 0.85),
        ("default", "rare", 0.06),
        ("assistant-2", "unused", 0),
    ];

    private IConversationListing Listing => fixture.Listing;

    [ContractTheory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task List_RandomTagFiltersWithOtherFiltersOrdersAndPages_AgreeWithTheReference(int seed)
    {
        var tags = await CorpusAsync();
        var rows = await RowsAsync();
        var random = new Random(seed);
        var selective = 0;
        for (var i = 0; i < 120; i++)
        {
            var query = RandomQuery(random, rows, tags);
            var expected = ReferenceListing.Apply(rows, query);

            var page = await Listing.ListAsync(query, CancellationToken.None);

            var because = JsonSerializer.Serialize(query);
            Assert.True(expected.Total == page.Total, $"total {page.Total}, expected {expected.Total}: {because}");
            Assert.True(
                expected.Page.SequenceEqual(page.Items.Select(c => c.Metadata.SenderId)),
                $"page [{string.Join(", ", page.Items.Select(c => c.Metadata.SenderId))}], expected [{string.Join(", ", expected.Page)}]: {because}");
            selective += expected.Total > 0 && expected.Total < rows.Count ? 1 : 0;
        }

        Assert.True(selective > 50, $"only {selective} of 120 queries were selective");
    }

    [ContractFact]
    public async Task List_EachTagAlone_OnePagePerItem_TotalIsExact()
    {
        var tags = await CorpusAsync();
        var rows = await RowsAsync();
        foreach (var tag in tags)
        {
            foreach (var filter in new[] { new ConversationFilter { TagIds = [tag.Id] }, new ConversationFilter { TagNames = [tag.Name] } })
            {
                var query = new ConversationListQuery(filter, ConversationOrder.LatestEventTimeDescending, 1, 1);
                var expected = ReferenceListing.Apply(rows, query);

                var page = await Listing.ListAsync(query, CancellationToken.None);

                Assert.Equal(expected.Total, page.Total);
                Assert.Equal(expected.Page, page.Items.Select(i => i.Metadata.SenderId));
            }
        }

        Assert.Contains(rows, r => r.Tags.Any(t => t.Name == "rare"));
    }

    [ContractFact]
    public async Task List_TagNames_MatchTheNameInEveryAssistant_TagIdsOnlyThatTag()
    {
        var tags = await CorpusAsync();
        var rows = await RowsAsync();
        var reds = tags.Where(t => t.Name == "red").ToList();
        Assert.Equal(2, reds.Count);

        var byName = await Listing.ListAsync(Query(new ConversationFilter { TagNames = ["red"] }), CancellationToken.None);
        var byFirstId = await Listing.ListAsync(Query(new ConversationFilter { TagIds = [reds[0].Id] }), CancellationToken.None);

        Assert.Equal(rows.Where(r => r.Tags.Any(t => t.Name == "red")).Select(r => r.Metadata.SenderId).Order(), Senders(byName).Order());
        Assert.Equal(rows.Where(r => r.Tags.Contains(reds[0])).Select(r => r.Metadata.SenderId).Order(), Senders(byFirstId).Order());
        Assert.True(byName.Total > byFirstId.Total, $"{byName.Total} by name, {byFirstId.Total} by id");
    }

    [ContractFact]
    public async Task List_UnknownOrUnusedTags_MatchNothing()
    {
        var tags = await CorpusAsync();
        var unused = tags.Single(t => t.Name == "unused");

        foreach (var filter in new[]
        {
            new ConversationFilter { TagIds = [unused.Id] },
            new ConversationFilter { TagIds = [tags.Max(t => t.Id) + 1000] },
            new ConversationFilter { TagNames = ["no such tag"] },
            new ConversationFilter { TagNames = ["unused"], Intents = ["greet"] },
            new ConversationFilter { TagIds = [tags[0].Id], TagNames = ["no such tag"] },
        })
        {
            var page = await Listing.ListAsync(Query(filter), CancellationToken.None);
            Assert.Empty(page.Items);
            Assert.Equal(0, page.Total);
        }
    }

    [ContractFact]
    public async Task List_Items_CarryTheirTags_ByNameThenId_AndUntaggedOnesNone()
    {
        await CorpusAsync();
        var rows = (await RowsAsync()).ToDictionary(r => r.Metadata.SenderId);

        var page = await Listing.ListAsync(Query(ConversationFilter.None, limit: 1000), CancellationToken.None);

        Assert.Equal(rows.Count, page.Items.Count);
        foreach (var item in page.Items)
        {
            var expected = rows[item.Metadata.SenderId].Tags.OrderBy(t => t.Name, StringComparer.Ordinal).ThenBy(t => t.Id);
            Assert.Equal(expected, item.Tags);
        }

        Assert.Contains(page.Items, i => i.Tags.Count == 0);
        Assert.Contains(page.Items, i => i.Tags.Count >= 3);
    }

    [ContractFact]
    public async Task List_ATaggedConversationWithoutMetadataYet_IsNotListed()
    {
        var tags = await CorpusAsync();
        var common = tags.Single(t => t.Name == "common");

        var page = await Listing.ListAsync(Query(new ConversationFilter { TagIds = [common.Id] }, limit: 1000), CancellationToken.None);

        Assert.DoesNotContain("unprojected", Senders(page));
        Assert.Equal(page.Items.Count, page.Total);
        Assert.Equal([common], await fixture.Tags.ReadTagsAsync("unprojected", CancellationToken.None));
    }

    private static ConversationListQuery Query(ConversationFilter filter, int limit = 50) =>
        new(filter, ConversationOrder.LatestEventTimeDescending, limit, 0);

    private static List<string> Senders(ConversationPage page) => [.. page.Items.Select(i => i.Metadata.SenderId)];

    private static ConversationListQuery RandomQuery(Random random, List<ReferenceListing.Row> rows, IReadOnlyList<ConversationTag> tags)
    {
        T Pick<T>(IReadOnlyList<T> values) => values[random.Next(values.Count)];
        bool Sometimes() => random.Next(5) == 0;
        double? Bound(Func<ConversationMetadata, double?> of)
        {
            var values = rows.Select(r => of(r.Metadata)).OfType<double>().ToList();
            return Sometimes() && values.Count > 0 ? Pick(values) : null;
        }

        // Every query has a tag condition; about half have both kinds.
        var byIds = random.Next(3) != 0;
        var byNames = !byIds || random.Next(2) == 0;
        var filter = new ConversationFilter
        {
            TagIds = byIds ? [.. Enumerable.Range(0, random.Next(1, 3)).Select(_ => Pick(tags).Id).Distinct()] : [],
            TagNames = byNames ? [.. Enumerable.Range(0, random.Next(1, 3)).Select(_ => Pick(tags).Name).Append(random.Next(4) == 0 ? "unknown" : "red").Distinct()] : [],
            Intents = Sometimes() ? [Pick(["greet", "bye", "affirm", "deny", "order_pizza"])] : [],
            Text = Sometimes() ? $"text {random.Next(10)}" : null,
            Start = Bound(m => m.LatestUserEventTime),
            Until = Bound(m => m.LatestUserEventTime),
            MinimumUserMessages = Sometimes() ? random.Next(0, 4) : null,
            MinimumConfidence = Bound(m => m.MinimumActionConfidence),
            InputChannels = Sometimes() ? [Pick(["rest", "socketio", "slack"])] : [],
            InTrainingData = random.Next(4) switch { 0 => true, 1 => false, _ => null },
        };
        var order = (ConversationOrder)random.Next(3);
        var limit = random.Next(4) == 0 ? 1000 : random.Next(1, 15);
        var offset = random.Next(3) == 0 ? random.Next(0, 30) : 0;
        return new ConversationListQuery(filter, order, limit, offset);
    }

    /// <summary>Every conversation with metadata, with its id and tags, as the reference needs them.</summary>
    private async Task<List<ReferenceListing.Row>> RowsAsync()
    {
        var ids = new List<(long Id, string Sender)>();
        await using (var connection = await fixture.OpenConnectionAsync())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT id, sender_id FROM conversations ORDER BY id";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Add((reader.GetInt64(0), reader.GetString(1)));
            }
        }

        var rows = new List<ReferenceListing.Row>();
        foreach (var (id, sender) in ids)
        {
            if (await fixture.Metadata.GetAsync(sender, CancellationToken.None) is { } metadata)
            {
                rows.Add(new ReferenceListing.Row(id, metadata, []) { Tags = [.. await fixture.Tags.ReadTagsAsync(sender, CancellationToken.None)] });
            }
        }

        return rows;
    }

    /// <summary>Random conversations, projected, tagged at random; and one tagged conversation not yet projected.</summary>
    private async Task<IReadOnlyList<ConversationTag>> CorpusAsync()
    {
        await CorpusLock.WaitAsync();
        try
        {
            var existing = new List<ConversationTag>();
            foreach (var assistant in TagSpecs.Select(s => s.Assistant).Distinct())
            {
                existing.AddRange(await fixture.Tags.ListAsync(assistant, CancellationToken.None));
            }

            if (existing.Count > 0)
            {
                return existing;
            }

            var senders = Enumerable.Range(0, 70).Select(i => $"tagged-{i:D2}").ToList();
            var generator = new RandomConversations(20261122, senders);
            for (var i = 0; i < 180; i++)
            {
                await fixture.Store.WriteAsync(generator.NextBatch(), CancellationToken.None);
            }

            var projector = new MetadataProjector(
                fixture.Metadata, fixture.Store, fixture.Clock, Options.Create(new MetadataProjectorOptions { BatchSize = 50 }));
            while (await projector.RunOnceAsync(CancellationToken.None) > 0)
            {
            }

            var tags = new List<ConversationTag>();
            foreach (var (assistant, name, _) in TagSpecs)
            {
                tags.Add((await fixture.Tags.CreateAsync(assistant, name, CancellationToken.None)).Tag!);
            }

            var random = new Random(5);
            foreach (var sender in senders)
            {
                if (await fixture.Tags.FindConversationAsync(sender, CancellationToken.None) is not { } found)
                {
                    continue;
                }

                foreach (var (tag, spec) in tags.Zip(TagSpecs))
                {
                    if (random.NextDouble() < spec.Share)
                    {
                        Assert.Equal(TagLinkResult.Linked, await fixture.Tags.LinkAsync(sender, tag.Id, tag.Assistant, found.Revision, CancellationToken.None));
                    }
                }
            }

            await fixture.Store.WriteAsync([Append("unprojected", User(1, "not folded yet"))], CancellationToken.None);
            var unprojected = await fixture.Tags.FindConversationAsync("unprojected", CancellationToken.None);
            var common = tags.Single(t => t.Name == "common");
            Assert.Equal(TagLinkResult.Linked, await fixture.Tags.LinkAsync("unprojected", common.Id, common.Assistant, unprojected!.Revision, CancellationToken.None));
            return tags;
        }
        finally
        {
            CorpusLock.Release();
        }
    }
}

public sealed class SqliteTagListingTests(SqliteDatabase database) : TagListingContract(database), IClassFixture<SqliteDatabase>;

[RequiresPostgreSql]
public sealed class PostgreSqlTagListingTests(PostgreSqlDatabase<PostgreSqlTagListingTests> database)
    : TagListingContract(database), IClassFixture<PostgreSqlDatabase<PostgreSqlTagListingTests>>;
