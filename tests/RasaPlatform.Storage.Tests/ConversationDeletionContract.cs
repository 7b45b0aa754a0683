using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using NodaTime;
using RasaPlatform.Core.Analytics;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Listing;
using RasaPlatform.Core.Metadata;
using RasaPlatform.Core.Storage;
using RasaPlatform.Core.Tags;
using RasaPlatform.Storage.Sql;
using RasaPlatform.Storage.Tests.Infrastructure;
using RasaPlatform.Testing.PostgreSql;
using static RasaPlatform.Storage.Tests.Infrastructure.TestEvents;

namespace RasaPlatform.Storage.Tests;

/// <summary>
/// What <see cref="IConversationStore.DeleteAsync"/> must do on every engine: leave the store as one that never held the
/// deleted conversations (compared with a real second database that never did), in every table, count and sum, tag
/// links included; and keep a metadata save folded before the deletion from bringing any of it back.
/// </summary>
public abstract class ConversationDeletionContract(StoreFixture fixture)
{
    /// <summary>The counts and sums the triggers keep, without rows that sum to nothing, in a fixed order.</summary>
    private static readonly string[] DerivedTables =
    [
        "SELECT kind, name, assistant_id, conversations FROM name_counts WHERE conversations <> 0 ORDER BY kind, name, assistant_id",
        "SELECT assistant_id, in_training_data, conversations FROM training_counts WHERE conversations <> 0 ORDER BY assistant_id, in_training_data",
        """
        SELECT grain, bucket, assistant, user_messages, bot_messages, sessions, first_sessions, session_length_ticks, session_user_messages
        FROM analytics_buckets
        WHERE user_messages <> 0 OR bot_messages <> 0 OR sessions <> 0 OR first_sessions <> 0 OR session_length_ticks <> 0
           OR session_user_messages <> 0
        ORDER BY grain, bucket, assistant
        """,
        "SELECT grain, bucket, previous_bucket, assistant, conversations FROM analytics_active WHERE conversations <> 0 ORDER BY grain, bucket, previous_bucket, assistant",
        "SELECT grain, bucket, kind, name, assistant, count FROM statistics_names WHERE count <> 0 ORDER BY grain, bucket, kind, name, assistant",
        "SELECT assistant, kind, name, count FROM statistics_totals WHERE count <> 0 ORDER BY assistant, kind, name",
        "SELECT tag_id, conversations FROM tag_counts WHERE conversations <> 0 ORDER BY tag_id",
        "SELECT grain, bucket, assistant, conversations FROM analytics_active_units WHERE conversations <> 0 ORDER BY grain, bucket, assistant",
    ];

    /// <summary>What <c>name_counts</c> counts: name rows by the assistant of their conversation's metadata.</summary>
    private const string NameRowsPerAssistant = """
        SELECT n.kind, n.name, COALESCE(m.assistant_id, ''), COUNT(*)
        FROM conversation_names n LEFT JOIN conversation_metadata m ON m.conversation_id = n.conversation_id
        GROUP BY n.kind, n.name, COALESCE(m.assistant_id, '')
        ORDER BY n.kind, n.name, COALESCE(m.assistant_id, '')
        """;

    /// <summary>What <c>training_counts</c> counts.</summary>
    private const string MetadataRowsPerAssistant = """
        SELECT COALESCE(assistant_id, ''), in_training_data, COUNT(*) FROM conversation_metadata
        GROUP BY COALESCE(assistant_id, ''), in_training_data
        ORDER BY COALESCE(assistant_id, ''), in_training_data
        """;

    protected StoreFixture Fixture { get; } = fixture;

    /// <summary>A further empty database of this engine, which the test initialises and disposes.</summary>
    protected abstract StoreFixture NewDatabase(string name);

    [ContractFact]
    public async Task Delete_UnknownRepeatedAndTwice_CountsOnlyConversationsThatWereStored()
    {
        var (a, b) = (NewSender("count-a"), NewSender("count-b"));
        await Fixture.Store.WriteAsync([Append(a, User(1, "hi")), Append(b, User(2, "hi"))], CancellationToken.None);

        Assert.Equal(0, await Fixture.Store.DeleteAsync([], CancellationToken.None));
        Assert.Equal(0, await Fixture.Store.DeleteAsync([NewSender("unknown")], CancellationToken.None));
        Assert.Equal(2, await Fixture.Store.DeleteAsync([b, a, b, NewSender("unknown")], CancellationToken.None));
        Assert.Equal(0, await Fixture.Store.DeleteAsync([a, b], CancellationToken.None));
        Assert.Null(await Fixture.Store.FindAsync(a, CancellationToken.None));
        Assert.Empty(await Fixture.Store.ReadEventsAsync(b, EventQuery.All, CancellationToken.None).ToListAsync());
    }

    [ContractTheory]
    [InlineData(20261121)]
    [InlineData(3)]
    public async Task Delete_RandomProjectedFlaggedConversations_LeavesWhatAStoreThatNeverHeldThemHolds(int seed)
    {
        var held = NewDatabase("held");
        var never = NewDatabase("never");
        await held.InitializeAsync();
        await never.InitializeAsync();
        try
        {
            var senders = Enumerable.Range(0, 24).Select(i => $"random-{i:D2}").ToList();
            var generator = new RandomConversations(seed, senders, sessions: true);
            var batches = Enumerable.Range(0, 80).Select(_ => generator.NextBatch()).ToList();
            var random = new Random(seed);
            var deleted = senders.Where(_ => random.Next(5) < 2).ToHashSet();
            var flags = await WriteAndFlagAsync(held, batches, random);
            var links = senders.SelectMany(sender => Enumerable.Range(0, 3).Where(_ => random.Next(3) == 0).Select(tag => (sender, tag))).ToList();
            await TagAsync(held, links);
            var stored = await StoredIdsAsync(held, deleted);

            var count = await held.Store.DeleteAsync([.. deleted, "never-stored", .. deleted.Take(2)], CancellationToken.None);
            await DrainAsync(held);

            var survivors = batches.Select(b => b.Where(w => !deleted.Contains(w.SenderId)).ToList()).Where(b => b.Count > 0).ToList();
            await WriteAndFlagAsync(never, survivors, null, [.. flags.Where(f => !deleted.Contains(f.Sender))]);
            await TagAsync(never, [.. links.Where(l => !deleted.Contains(l.Item1))]);
            Assert.Contains(links, l => deleted.Contains(l.Item1));
            Assert.Equal(stored.Count, count);
            Assert.True(count >= 5, $"{count} deleted");
            await AssertNoRowsOfAsync(held, stored.Values);
            await AssertSameAsync(held, never, senders, random);
        }
        finally
        {
            await held.DisposeAsync();
            await never.DisposeAsync();
        }
    }

    [ContractFact]
    public async Task Save_OfAFoldClaimedBeforeTheDeletion_StoresNothingThenOrAfterTheSenderIsWrittenAgain()
    {
        var sender = NewSender("race");
        await Fixture.Store.WriteAsync([Append(sender, Intent(1, "greet"), Action(2, "utter_greet"))], CancellationToken.None);
        var stale = await FoldClaimedAsync(sender);
        var id = (await StoredIdsAsync(Fixture, [sender]))[sender];

        Assert.Equal(1, await Fixture.Store.DeleteAsync([sender], CancellationToken.None));
        Assert.Equal(0, await Fixture.Metadata.SaveAsync([stale], CancellationToken.None));
        Assert.Null(await Fixture.Metadata.GetAsync(sender, CancellationToken.None));
        await AssertNoRowsOfAsync(Fixture, [id]);

        // Written again (the newest conversation, whose id an engine reusing ids would hand out again), the sender is a
        // new conversation: the old fold, saved late, must not become its metadata.
        await Fixture.Store.WriteAsync([Append(sender, Intent(10, "bye"))], CancellationToken.None);
        Assert.Equal(0, await Fixture.Metadata.SaveAsync([stale], CancellationToken.None));
        Assert.Null(await Fixture.Metadata.GetAsync(sender, CancellationToken.None));
        await DrainAsync(Fixture);
        Assert.Equal(["bye"], (await Fixture.Metadata.GetAsync(sender, CancellationToken.None))!.Intents);
        await AssertNoRowsOfAsync(Fixture, [id]);
        await AssertCountsAreCountsOfTheirRowsAsync(Fixture);
    }

    [ContractFact]
    public async Task Projector_HeldWhileItsConversationIsDeleted_SavesNothingForIt()
    {
        var sender = NewSender("gated");
        await Fixture.Store.WriteAsync([Append(sender, Intent(1, "greet"))], CancellationToken.None);
        var id = (await StoredIdsAsync(Fixture, [sender]))[sender];
        var gated = new GatedConversationStore(Fixture.CreateConversationStore());
        var projector = new MetadataProjector(Fixture.CreateMetadataStore(), gated, Fixture.Clock, Options.Create(new MetadataProjectorOptions { BatchSize = 1000 }));

        var run = projector.RunOnceAsync(CancellationToken.None);
        await gated.Entered.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, await Fixture.Store.DeleteAsync([sender], CancellationToken.None));
        gated.Open();
        await run;

        Assert.Null(await Fixture.Metadata.GetAsync(sender, CancellationToken.None));
        await AssertNoRowsOfAsync(Fixture, [id]);
        await AssertCountsAreCountsOfTheirRowsAsync(Fixture);
    }

    /// <remarks>
    /// Deletions of different conversations that share names, assistants and time buckets take their shares out of the
    /// same count and sum rows. On a server engine they run side by side, and may each wait for the other's row locks.
    /// </remarks>
    [ContractTheory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public async Task Delete_ConcurrentBatchesSharingNames_EachDeletesItsOwnAndLeavesNoCounts(int seed)
    {
        var database = NewDatabase("concurrent");
        await database.InitializeAsync();
        try
        {
            var senders = Enumerable.Range(0, 48).Select(i => $"shared-{i:D2}").ToList();
            var generator = new RandomConversations(seed, senders, sessions: true);
            foreach (var batch in Enumerable.Range(0, 60).Select(_ => generator.NextBatch()))
            {
                await database.Store.WriteAsync(batch, CancellationToken.None);
            }

            await DrainAsync(database);
            var stored = await StoredIdsAsync(database, senders);
            var random = new Random(seed);
            var slices = senders.OrderBy(_ => random.Next()).Chunk(8).ToList();
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var deletions = slices.Select(slice => Task.Run(async () =>
            {
                await start.Task;
                return await database.Store.DeleteAsync(slice, CancellationToken.None);
            })).ToList();
            start.SetResult();

            Assert.Equal(slices.Select(s => s.Count(stored.ContainsKey)), await Task.WhenAll(deletions));
            Assert.True(stored.Count >= 40, $"{stored.Count} stored");
            await AssertNoRowsOfAsync(database, stored.Values);
            foreach (var table in DerivedTables)
            {
                Assert.Empty(await RowsAsync(database, table));
            }
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    [ContractFact]
    public async Task Write_AfterDeletion_StartsAFreshConversation()
    {
        var sender = NewSender("fresh");
        await Fixture.Store.WriteAsync([Append(sender, User(1, "old"), User(2, "older"))], CancellationToken.None);
        Assert.Equal(FlagResult.Flagged, await Fixture.Flags.FlagAsync(sender, 1, CancellationToken.None));
        var tag = (await Fixture.Tags.CreateAsync("fresh", NewSender("tag"), CancellationToken.None)).Tag!;
        var found = await Fixture.Tags.FindConversationAsync(sender, CancellationToken.None);
        Assert.Equal(TagLinkResult.Linked, await Fixture.Tags.LinkAsync(sender, tag.Id, "fresh", found!.Revision, CancellationToken.None));
        await DrainAsync(Fixture);
        await Fixture.Store.DeleteAsync([sender], CancellationToken.None);

        var result = await Fixture.Store.WriteAsync([Append(sender, User(1, "old"))], CancellationToken.None);

        Assert.Equal(1, result.Stored);
        Assert.Equal(["old"], (await Fixture.Store.ReadEventsAsync(sender, EventQuery.All, CancellationToken.None).ToListAsync())
            .Select(e => JsonDocument.Parse(e.Json).RootElement.GetProperty("text").GetString()));
        Assert.Equal(1, (await Fixture.Store.FindAsync(sender, CancellationToken.None))!.EventCount);
        Assert.Empty(await Fixture.Flags.ReadFlaggedAsync(sender, CancellationToken.None));
        Assert.Empty(await Fixture.Tags.ReadTagsAsync(sender, CancellationToken.None));
        Assert.Equal(tag, await Fixture.Tags.GetAsync(tag.Id, CancellationToken.None));
        await DrainAsync(Fixture);
        Assert.Equal(1, (await Fixture.Metadata.GetAsync(sender, CancellationToken.None))!.UserMessageCount);
    }

    private static IncomingEvent Intent(double timestamp, string intent) =>
        Parse(JsonSerializer.Serialize(new { @event = "user", timestamp, text = intent, parse_data = new { intent = new { name = intent } } }));

    private static IncomingEvent Action(double timestamp, string name) =>
        Parse(JsonSerializer.Serialize(new { @event = "action", timestamp, name }));

    /// <summary>The update a projector would save for the conversation as it is now, claimed at its current revision.</summary>
    private async Task<MetadataUpdate> FoldClaimedAsync(string sender)
    {
        var item = (await Fixture.Metadata.ClaimAsync("test", 100_000, Fixture.Clock.GetCurrentInstant() + Duration.FromMinutes(1), CancellationToken.None))
            .Single(i => i.SenderId == sender);
        var metadata = new MetadataBuilder(sender);
        var facts = new ConversationFactsBuilder(sender);
        await foreach (var e in Fixture.Store.ReadEventsAsync(sender, EventQuery.All, CancellationToken.None))
        {
            metadata.Add(e);
            facts.Add(e);
        }

        return new MetadataUpdate(item.ConversationId, item.Revision, metadata.Build(), facts.Build());
    }

    /// <summary>Writes the batches, projecting now and then when <paramref name="random"/> is given, then flags messages.</summary>
    /// <returns>The flags set: given ones, or with <paramref name="random"/> about a third of every conversation's messages.</returns>
    private static async Task<List<(string Sender, double Timestamp)>> WriteAndFlagAsync(
        StoreFixture database,
        List<List<ConversationWrite>> batches,
        Random? random,
        List<(string Sender, double Timestamp)>? flags = null)
    {
        var projector = NewProjector(database, 7);
        foreach (var batch in batches)
        {
            await database.Store.WriteAsync(batch, CancellationToken.None);
            if (random?.Next(4) == 0)
            {
                await projector.RunOnceAsync(CancellationToken.None);
            }
        }

        if (flags is null)
        {
            flags = [];
            foreach (var sender in batches.SelectMany(b => b.Select(w => w.SenderId)).Distinct().Order(StringComparer.Ordinal))
            {
                var messages = (await database.Store.ReadEventsAsync(sender, EventQuery.All, CancellationToken.None).ToListAsync())
                    .Where(e => e.Type is EventTypes.User or EventTypes.Bot).Select(e => e.Timestamp).Distinct().Order();
                flags.AddRange(messages.Where(_ => random!.Next(3) == 0).Select(t => (sender, t)));
            }
        }

        foreach (var (sender, timestamp) in flags)
        {
            Assert.Equal(FlagResult.Flagged, await database.Flags.FlagAsync(sender, timestamp, CancellationToken.None));
        }

        await DrainAsync(database);
        return flags;
    }

    /// <summary>Everything a reader can ask of the two stores is the same, and so are the counts and sums they keep.</summary>
    private static async Task AssertSameAsync(StoreFixture held, StoreFixture never, List<string> senders, Random random)
    {
        foreach (var sender in senders)
        {
            Assert.Equal(Json(await never.Store.FindAsync(sender, CancellationToken.None)), Json(await held.Store.FindAsync(sender, CancellationToken.None)));
            Assert.Equal(
                Json(await never.Store.ReadEventsAsync(sender, EventQuery.All, CancellationToken.None).ToListAsync()),
                Json(await held.Store.ReadEventsAsync(sender, EventQuery.All, CancellationToken.None).ToListAsync()));
            Assert.Equal(Json(await never.Metadata.GetAsync(sender, CancellationToken.None)), Json(await held.Metadata.GetAsync(sender, CancellationToken.None)));
            Assert.Equal(Json(await never.Flags.ReadFlaggedAsync(sender, CancellationToken.None)), Json(await held.Flags.ReadFlaggedAsync(sender, CancellationToken.None)));
            Assert.Equal(await never.Tags.ReadTagsAsync(sender, CancellationToken.None), await held.Tags.ReadTagsAsync(sender, CancellationToken.None));
        }

        var all = new ConversationListQuery(new ConversationFilter(), ConversationOrder.Arrival, 1000, 0);
        Assert.Equal(Json(await never.Listing.ListAsync(all, CancellationToken.None)), Json(await held.Listing.ListAsync(all, CancellationToken.None)));
        foreach (var category in Enum.GetValues<NameCategory>())
        {
            Assert.Equal(await never.Listing.DistinctNamesAsync(category, null, CancellationToken.None), await held.Listing.DistinctNamesAsync(category, null, CancellationToken.None));
        }

        Assert.Equal(await never.Listing.AssistantsAsync(null, CancellationToken.None), await held.Listing.AssistantsAsync(null, CancellationToken.None));

        foreach (var sql in DerivedTables)
        {
            Assert.Equal(await RowsAsync(never, sql), await RowsAsync(held, sql));
        }

        Assert.Equal(Json(await never.Analytics.UserMessageRangeAsync(null, CancellationToken.None)), Json(await held.Analytics.UserMessageRangeAsync(null, CancellationToken.None)));
        Assert.Equal(Json(await never.Analytics.StatisticsAsync(null, null, 1000, null, CancellationToken.None)), Json(await held.Analytics.StatisticsAsync(null, null, 1000, null, CancellationToken.None)));
        var range = await never.Analytics.UserMessageRangeAsync(null, CancellationToken.None) ?? throw new InvalidOperationException("No user message survived.");
        for (var i = 0; i < 30; i++)
        {
            var bins = AnalyticsStoreContract.RandomBins(random, range);
            Assert.Equal(Json(await never.Analytics.SumAsync(bins, null, CancellationToken.None)), Json(await held.Analytics.SumAsync(bins, null, CancellationToken.None)));
            var (start, until) = (bins.Start, bins.End);
            Assert.Equal(Json(await never.Analytics.StatisticsAsync(start, until, 3, null, CancellationToken.None)), Json(await held.Analytics.StatisticsAsync(start, until, 3, null, CancellationToken.None)));
        }

        await AssertCountsAreCountsOfTheirRowsAsync(held);
    }

    /// <summary>No table with a <c>conversation_id</c> column (found in the schema, so new tables are covered) holds these ids.</summary>
    private static async Task AssertNoRowsOfAsync(StoreFixture database, IEnumerable<long> ids)
    {
        var list = string.Join(", ", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)));
        await using var connection = await database.OpenConnectionAsync();
        var sqlite = connection is SqliteConnection;
        var tables = await ColumnAsync(connection, sqlite
            ? "SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND p.name = 'conversation_id'"
            : "SELECT table_name FROM information_schema.columns WHERE column_name = 'conversation_id' AND table_schema = current_schema()");
        // listing_changes keeps the bare numeric ids of deleted conversations (no sender id, no content) until it is
        // pruned: that is how every instance's listing index learns of the deletion.
        tables.Remove("listing_changes");
        Assert.Superset(SqlConversationStore.ConversationTables.ToHashSet(), tables.ToHashSet());
        foreach (var table in tables.Append("conversations"))
        {
            var key = table == "conversations" ? "id" : "conversation_id";
            Assert.Equal([], await ColumnAsync(connection, $"SELECT {key} FROM {table} WHERE {key} IN ({list})"));
        }

        if (sqlite)
        {
            // The trigram index agrees with its content table: deleted text was taken out of it too.
            await using var check = connection.CreateCommand();
            check.CommandText = "INSERT INTO conversation_text_index (conversation_text_index) VALUES ('integrity-check')";
            await check.ExecuteNonQueryAsync();
            Assert.Equal([], await ColumnAsync(connection, $"SELECT rowid FROM conversation_text_index WHERE rowid IN ({list})"));
        }
    }

    private static async Task AssertCountsAreCountsOfTheirRowsAsync(StoreFixture database)
    {
        Assert.Equal(
            await RowsAsync(database, NameRowsPerAssistant),
            await RowsAsync(database, DerivedTables[0]));
        Assert.Equal(
            await RowsAsync(database, "SELECT assistant, kind, name, SUM(count) FROM conversation_bucket_names GROUP BY assistant, kind, name ORDER BY assistant, kind, name"),
            await RowsAsync(database, DerivedTables[5]));
        Assert.Equal(
            await RowsAsync(database, MetadataRowsPerAssistant),
            await RowsAsync(database, DerivedTables[1]));
        Assert.Equal(
            await RowsAsync(database, $"SELECT g.grain, {Unit("b.bucket")} AS unit, b.previous_bucket, b.assistant, COUNT(*) FROM conversation_buckets b, analytics_grains g WHERE b.previous_bucket < {Unit("b.bucket")} GROUP BY g.grain, unit, b.previous_bucket, b.assistant ORDER BY g.grain, unit, b.previous_bucket, b.assistant"),
            await RowsAsync(database, DerivedTables[3]));

        // Every grain holds the sums of the quarter-hour rows inside its units.
        Assert.Equal(
            await RowsAsync(database, $"""
                SELECT g.grain, {Unit("b.bucket")} AS unit, b.assistant, SUM(b.user_messages), SUM(b.bot_messages), SUM(b.sessions), SUM(b.first_sessions),
                       SUM(b.session_length_ticks), SUM(b.session_user_messages)
                FROM analytics_buckets b, analytics_grains g WHERE b.grain = 1
                GROUP BY g.grain, unit, b.assistant
                HAVING SUM(b.user_messages) <> 0 OR SUM(b.bot_messages) <> 0 OR SUM(b.sessions) <> 0 OR SUM(b.first_sessions) <> 0
                    OR SUM(b.session_length_ticks) <> 0 OR SUM(b.session_user_messages) <> 0
                ORDER BY g.grain, unit, b.assistant
                """),
            await RowsAsync(database, DerivedTables[2]));
        Assert.Equal(
            await RowsAsync(database, $"SELECT g.grain, {Unit("s.bucket")} AS unit, s.kind, s.name, s.assistant, SUM(s.count) FROM conversation_bucket_names s, analytics_grains g WHERE g.grain > 1 GROUP BY g.grain, unit, s.kind, s.name, s.assistant HAVING SUM(s.count) <> 0 ORDER BY g.grain, unit, s.kind, s.name, s.assistant"),
            await RowsAsync(database, DerivedTables[4]));
        Assert.Equal(
            await RowsAsync(database, "SELECT tag_id, COUNT(*) FROM conversation_tags GROUP BY tag_id ORDER BY tag_id"),
            await RowsAsync(database, DerivedTables[6]));

        // Each unit counts the conversations active in it: one analytics_active row each, the one from outside it.
        Assert.Equal(
            await RowsAsync(database, "SELECT grain, bucket, assistant, SUM(conversations) FROM analytics_active GROUP BY grain, bucket, assistant HAVING SUM(conversations) <> 0 ORDER BY grain, bucket, assistant"),
            await RowsAsync(database, DerivedTables[7]));

        // Every committed write folded its fact changes into the sums: nothing is left pending.
        foreach (var table in new[] { "analytics_pending_buckets", "analytics_pending_sessions", "analytics_pending_names" })
        {
            Assert.Equal([], await RowsAsync(database, $"SELECT * FROM {table}"));
        }
    }

    /// <summary>Creates three tags of one assistant, the same ids on every fresh database, and makes the links.</summary>
    private static async Task TagAsync(StoreFixture database, List<(string Sender, int Tag)> links)
    {
        var tags = new List<ConversationTag>();
        for (var i = 0; i < 3; i++)
        {
            tags.Add((await database.Tags.CreateAsync("deletion", $"tag {i}", CancellationToken.None)).Tag!);
        }

        foreach (var (sender, tag) in links)
        {
            var found = await database.Tags.FindConversationAsync(sender, CancellationToken.None);
            Assert.Equal(TagLinkResult.Linked, await database.Tags.LinkAsync(sender, tags[tag].Id, "deletion", found!.Revision, CancellationToken.None));
        }
    }

    /// <summary>The first quarter of the grain-g unit holding a quarter, in SQL both engines read alike.</summary>
    private static string Unit(string bucket) => $"({bucket} - ((({bucket} % g.grain) + g.grain) % g.grain))";

    private static async Task<Dictionary<string, long>> StoredIdsAsync(StoreFixture database, IEnumerable<string> senders)
    {
        var ids = new Dictionary<string, long>();
        await using var connection = await database.OpenConnectionAsync();
        foreach (var sender in senders)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT id FROM conversations WHERE sender_id = @sender";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@sender";
            parameter.Value = sender;
            command.Parameters.Add(parameter);
            if (await command.ExecuteScalarAsync() is { } id)
            {
                ids[sender] = Convert.ToInt64(id, CultureInfo.InvariantCulture);
            }
        }

        return ids;
    }

    private static async Task<List<string>> RowsAsync(StoreFixture database, string sql)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    private static async Task<List<string>> ColumnAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        }

        return values;
    }

    private static MetadataProjector NewProjector(StoreFixture database, int batchSize) =>
        new(database.Metadata, database.Store, database.Clock, Options.Create(new MetadataProjectorOptions { BatchSize = batchSize }));

    private static async Task DrainAsync(StoreFixture database)
    {
        var projector = NewProjector(database, 50);
        while (await projector.RunOnceAsync(CancellationToken.None) > 0)
        {
        }
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);
}
