using NodaTime;
using RasaPlatform.Core.Analytics;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Metadata;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage.Tests.Infrastructure;
using RasaPlatform.Testing.PostgreSql;
using static RasaPlatform.Storage.Tests.Infrastructure.TestEvents;

namespace RasaPlatform.Storage.Tests;

public abstract partial class MetadataStoreContract
{
    [ContractTheory]
    [InlineData(20261121)]
    [InlineData(7)]
    public async Task Rebuild_AfterRandomWritesInterleavedWithRuns_EqualsIncrementalAndAFoldOfTheEvents(int seed)
    {
        var senders = Enumerable.Range(0, 30).Select(i => NewSender($"random-{i}")).ToList();
        var random = new Random(seed);
        var generator = new RandomConversations(seed, senders);
        var projector = NewProjector(batchSize: 7);

        for (var step = 0; step < 60; step++)
        {
            await Store.WriteAsync(generator.NextBatch(), CancellationToken.None);
            if (random.Next(3) == 0)
            {
                await projector.RunOnceAsync(CancellationToken.None);
            }
        }

        Assert.Equal(await Metadata.PendingCountAsync(CancellationToken.None) > 0, await Metadata.AnyClaimableAsync(CancellationToken.None));
        await DrainAsync(projector);
        Assert.False(await Metadata.AnyClaimableAsync(CancellationToken.None));
        var incremental = await SnapshotAsync(senders);
        await AssertCountsAreCountsOfTheirRowsAsync();
        var rebuild = await NewProjector(batchSize: 11).RebuildAsync(progress: null, CancellationToken.None);
        var rebuilt = await SnapshotAsync(senders);
        await AssertCountsAreCountsOfTheirRowsAsync();

        Assert.True(rebuild.Enqueued >= senders.Count, $"{rebuild.Enqueued} queued");
        Assert.True(rebuild.Processed >= senders.Count, $"{rebuild.Processed} processed");
        Assert.Equal(0, await Metadata.PendingCountAsync(CancellationToken.None));
        Assert.Equal(incremental, rebuilt);
        foreach (var sender in senders.Where(s => incremental[s] != "null"))
        {
            await AssertProjectedAsync(sender);
        }

        // Every conversation the generator wrote to has metadata; the generator may leave a few untouched.
        var written = new List<string>();
        foreach (var sender in senders)
        {
            if (await Store.FindAsync(sender, CancellationToken.None) is not null)
            {
                written.Add(sender);
            }
        }

        Assert.All(written, s => Assert.NotEqual("null", incremental[s]));
        Assert.True(written.Count >= 25, $"{written.Count} conversations written");
    }

    /// <summary>
    /// The catch-up path (every queued conversation in one batch: one read of all their events, one save) leaves every
    /// table exactly as the incremental path (writes interleaved with batches of one) left it: metadata, derived rows,
    /// counts and sums.
    /// </summary>
    [ContractTheory]
    [InlineData(20261207)]
    [InlineData(11)]
    public async Task CatchUp_InOneBatch_EqualsIncrementalRowForRow(int seed)
    {
        var senders = Enumerable.Range(0, 40).Select(i => NewSender($"bulk-{i}")).ToList();
        var random = new Random(seed);
        var generator = new RandomConversations(seed, senders);
        var incremental = new MetadataProjector(Metadata, Store, Fixture.Clock, Microsoft.Extensions.Options.Options.Create(
            new MetadataProjectorOptions { BatchSize = 1, MaximumBatchSize = 1 }));
        for (var step = 0; step < 80; step++)
        {
            await Store.WriteAsync(generator.NextBatch(), CancellationToken.None);
            if (random.Next(2) == 0)
            {
                await DrainAsync(incremental);
            }
        }

        await DrainAsync(incremental);
        var metadata = await SnapshotAsync(senders);
        var rows = await DerivedRowsAsync();
        await AssertCountsAreCountsOfTheirRowsAsync();

        var catchUp = new MetadataProjector(Metadata, Store, Fixture.Clock, Microsoft.Extensions.Options.Options.Create(
            new MetadataProjectorOptions { BatchSize = 10_000, MaximumBatchSize = 10_000 }));
        Assert.True(await Metadata.EnqueueAllAsync(CancellationToken.None) >= 35);
        Assert.True(await catchUp.RunOnceAsync(CancellationToken.None) >= 35);
        Assert.Equal(0, await Metadata.PendingCountAsync(CancellationToken.None));

        Assert.Equal(metadata, await SnapshotAsync(senders));
        var rebuilt = await DerivedRowsAsync();
        foreach (var (table, expected) in rows)
        {
            Assert.True(expected.SequenceEqual(rebuilt[table]), $"{table} differs after the catch-up");
        }

        await AssertCountsAreCountsOfTheirRowsAsync();
    }

    /// <summary>The store's grain table (migration 015) and the sums it keeps follow <see cref="AnalyticsGrains"/>, the one definition its reads use.</summary>
    [ContractFact]
    public async Task Grains_TheStoresGrainsAndTheirSums_FollowTheCoreDefinition()
    {
        var sender = NewSender("grains");
        await Store.WriteAsync([Append(sender, Conversation(3))], CancellationToken.None);
        await DrainAsync(NewProjector());

        static List<string> Quarters(IEnumerable<AnalyticsGrain> grains) =>
            [.. grains.Select(g => g.Quarters.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal)];
        Assert.Equal(Quarters(AnalyticsGrains.All), await StringsAsync("SELECT grain FROM analytics_grains"));
        Assert.Equal(Quarters(AnalyticsGrains.All), await StringsAsync("SELECT DISTINCT grain FROM analytics_buckets"));
        Assert.Equal(Quarters(AnalyticsGrains.All.Where(g => g.SumsNames)), await StringsAsync("SELECT DISTINCT grain FROM statistics_names"));
    }

    /// <summary>Every derived row, count and sum of the store, by table: each row's columns joined, ordinally sorted, zero sums left out.</summary>
    private async Task<Dictionary<string, List<string>>> DerivedRowsAsync()
    {
        var tables = new Dictionary<string, string>
        {
            ["conversation_names"] = "SELECT kind, name, conversation_id FROM conversation_names",
            ["conversation_text"] = "SELECT conversation_id, text FROM conversation_text",
            ["conversation_buckets"] = "SELECT conversation_id, bucket, user_messages, bot_messages, previous_bucket, assistant FROM conversation_buckets",
            ["conversation_sessions"] = "SELECT conversation_id, ordinal, start_bucket, start_ticks, end_ticks, user_messages, is_first, assistant FROM conversation_sessions",
            ["conversation_bucket_names"] = "SELECT conversation_id, bucket, kind, name, count, assistant FROM conversation_bucket_names",
            ["conversation_user_range"] = "SELECT conversation_id, first_ticks, last_ticks, assistant FROM conversation_user_range",
            ["analytics_buckets"] = """
                SELECT grain, bucket, assistant, user_messages, bot_messages, sessions, first_sessions, session_length_ticks, session_user_messages
                FROM analytics_buckets
                WHERE user_messages <> 0 OR bot_messages <> 0 OR sessions <> 0 OR first_sessions <> 0 OR session_length_ticks <> 0 OR session_user_messages <> 0
                """,
            ["analytics_active"] = "SELECT grain, bucket, previous_bucket, assistant, conversations FROM analytics_active WHERE conversations <> 0",
            ["analytics_active_units"] = "SELECT grain, bucket, assistant, conversations FROM analytics_active_units WHERE conversations <> 0",
            ["statistics_names"] = "SELECT grain, bucket, kind, name, assistant, count FROM statistics_names WHERE count <> 0",
            ["statistics_totals"] = "SELECT assistant, kind, name, count FROM statistics_totals WHERE count <> 0",
            ["marker_session_sums"] = "SELECT version, grain, bucket, sessions FROM marker_session_sums WHERE sessions <> 0",
            ["marker_sums"] = "SELECT version, grain, bucket, marker, preceding_user_turns, applications, sessions_applied FROM marker_sums WHERE applications <> 0 OR sessions_applied <> 0",
            ["name_counts"] = "SELECT kind, name, assistant_id, conversations FROM name_counts WHERE conversations <> 0",
            ["training_counts"] = "SELECT assistant_id, in_training_data, conversations FROM training_counts WHERE conversations <> 0",
        };
        var rows = new Dictionary<string, List<string>>();
        foreach (var (table, sql) in tables)
        {
            rows[table] = await StringsAsync(sql);
        }

        Assert.NotEmpty(rows["conversation_bucket_names"]);
        Assert.NotEmpty(rows["statistics_names"]);
        return rows;
    }

    [ContractFact]
    public async Task Projector_ConversationClaimedByAnotherOwner_ProcessesTheOthersAndItOnceTheClaimRunsOut()
    {
        var claimed = NewSender("claimed");
        await Store.WriteAsync([Append(claimed, Conversation(1))], CancellationToken.None);
        var ttl = Duration.FromSeconds(5);
        Assert.Contains(
            await Metadata.ClaimAsync("dead-instance", 1_000_000, Fixture.Clock.GetCurrentInstant() + ttl, CancellationToken.None),
            i => i.SenderId == claimed);
        var free = NewSender("free");
        await Store.WriteAsync([Append(free, Conversation(2))], CancellationToken.None);

        await DrainAsync(NewProjector());
        await AssertProjectedAsync(free);
        Assert.NotNull(await QueuedAsync(claimed));
        Assert.False(await Metadata.AnyClaimableAsync(CancellationToken.None));

        Fixture.Clock.Advance(ttl);
        Assert.True(await Metadata.AnyClaimableAsync(CancellationToken.None));
        await DrainAsync(NewProjector());
        Assert.Null(await QueuedAsync(claimed));
        await AssertProjectedAsync(claimed);
    }

    [ContractFact]
    public async Task Projector_NewWriteToAConversationClaimedByADeadInstance_IsProjectedAtOnce()
    {
        var sender = NewSender("rewritten");
        await Store.WriteAsync([Append(sender, Conversation(1))], CancellationToken.None);
        await Metadata.ClaimAsync("dead-instance", 1_000_000, Fixture.Clock.GetCurrentInstant() + Duration.FromMinutes(10), CancellationToken.None);

        await Store.WriteAsync([Append(sender, Intent(99, "after_the_crash"))], CancellationToken.None);
        await DrainAsync(NewProjector());

        Assert.Null(await QueuedAsync(sender));
        await AssertProjectedAsync(sender);
        Assert.Contains("after_the_crash", (await Metadata.GetAsync(sender, CancellationToken.None))!.Intents);
    }

    [ContractFact]
    public async Task Projector_BehindABacklog_FoldsTheLatestWriteInTheNextBatchAndStillTheOldest()
    {
        await DrainAsync(NewProjector());
        var backlog = await QueueConversationsAsync("backlog", 12, first: 0, Duration.FromMilliseconds(10));

        var live = NewSender("live");
        await Store.WriteAsync([Append(live, Conversation(50))], CancellationToken.None);

        Assert.Equal(5, await NewProjector(batchSize: 4).RunOnceAsync(CancellationToken.None));
        await AssertProjectedAsync(live);
        foreach (var sender in backlog.Take(4))
        {
            await AssertProjectedAsync(sender);
        }

        foreach (var sender in backlog.Skip(4))
        {
            Assert.NotNull(await QueuedAsync(sender));
        }
    }

    /// <summary>The live writes' claim: only what was queued since the cut-off, the last queued first, none held by another claim.</summary>
    [ContractFact]
    public async Task ClaimRecent_TakesWhatWasQueuedSinceTheCutOff_TheLastFirst_UpToTheLimit()
    {
        await DrainAsync(NewProjector());
        var old = await QueueConversationsAsync("old", 3, first: 0, Duration.FromMilliseconds(10));
        var since = Fixture.Clock.GetCurrentInstant();
        var recent = await QueueConversationsAsync("recent", 3, first: 10, Duration.FromMilliseconds(10));

        var until = Fixture.Clock.GetCurrentInstant() + Duration.FromMinutes(1);
        var first = await Metadata.ClaimRecentAsync("lane", 2, since, until, CancellationToken.None);
        Assert.Equal([recent[1], recent[2]], first.Select(i => i.SenderId));
        var second = await Metadata.ClaimRecentAsync("lane-again", 10, since, until, CancellationToken.None);
        Assert.Equal([recent[0]], second.Select(i => i.SenderId));
        Assert.Empty(await Metadata.ClaimRecentAsync("lane-once-more", 10, since, until, CancellationToken.None));

        // What the lane claimed is held from the batches' claim as any claim is; the older items are still there.
        var rest = await Metadata.ClaimAsync("batch", 100, until, CancellationToken.None);
        Assert.Equal(old, rest.Select(i => i.SenderId));
    }

    /// <summary>While a projector works a backlog, its live lane folds what was just written, and nothing of the backlog.</summary>
    [ContractFact]
    public async Task Projector_WorkingABacklog_FoldsLiveWritesInALaneOfTheirOwn()
    {
        await DrainAsync(NewProjector());
        var backlog = await QueueConversationsAsync("backlog", 12, first: 0, Duration.Zero);

        Fixture.Clock.Advance(MetadataProjector.RecentWindow + Duration.FromSeconds(1));
        var projector = NewProjector(batchSize: 4);
        var live = NewSender("live");
        await Store.WriteAsync([Append(live, Conversation(50))], CancellationToken.None);

        // Not working a backlog yet: the lane leaves everything to the runs.
        Assert.Equal(0, await projector.RunRecentOnceAsync(CancellationToken.None));
        Assert.NotNull(await QueuedAsync(live));

        // A full claim (4 oldest and the newest) makes it a backlog; the next write goes by the lane alone.
        Assert.Equal(5, await projector.RunOnceAsync(CancellationToken.None));
        var later = NewSender("later");
        await Store.WriteAsync([Append(later, Conversation(60))], CancellationToken.None);
        Assert.Equal(1, await projector.RunRecentOnceAsync(CancellationToken.None));
        await AssertProjectedAsync(later);
        var stillQueued = 0;
        foreach (var sender in backlog)
        {
            stillQueued += await QueuedAsync(sender) is null ? 0 : 1;
        }

        Assert.Equal(8, stillQueued);
        Assert.Equal(0, await projector.RunRecentOnceAsync(CancellationToken.None));

        // Once a run's claim is not full, the backlog is worked off: the lane stops.
        await DrainAsync(projector);
        await Store.WriteAsync([Append(NewSender("after"), Conversation(70))], CancellationToken.None);
        Assert.Equal(0, await projector.RunRecentOnceAsync(CancellationToken.None));
    }

    [ContractFact]
    public async Task Projector_TwoInstancesAtOnce_ShareTheQueueWithoutWaitingForEachOther()
    {
        var held = NewSender("held");
        await Store.WriteAsync([Append(held, Conversation(2))], CancellationToken.None);
        var gated = new GatedConversationStore(Fixture.CreateConversationStore());
        var first = new MetadataProjector(Fixture.CreateMetadataStore(), gated, Fixture.Clock, Options(100));
        var second = new MetadataProjector(Fixture.CreateMetadataStore(), Fixture.CreateConversationStore(), Fixture.Clock, Options(100));

        var firstRun = first.RunOnceAsync(CancellationToken.None);
        await gated.Entered.WaitAsync(TimeSpan.FromSeconds(30));

        // The first holds its claim mid-fold; the second works what was written since, and leaves the held one alone.
        var other = NewSender("other");
        await Store.WriteAsync([Append(other, Conversation(3))], CancellationToken.None);
        await DrainAsync(second);
        await AssertProjectedAsync(other);
        Assert.NotNull(await QueuedAsync(held));

        gated.Open();
        Assert.True(await firstRun >= 1);
        Assert.Null(await QueuedAsync(held));
        await AssertProjectedAsync(held);
    }

    [ContractFact]
    public async Task Projector_ConversationWhoseFoldFails_IsSetAsideWithItsErrorRetriedWithBackoffAndTheOthersFlow()
    {
        var poison = NewSender("poison");
        var healthy = NewSender("healthy");
        await Store.WriteAsync([Append(poison, Conversation(1)), Append(healthy, Conversation(2))], CancellationToken.None);
        var failing = new FailingConversationStore(Fixture.CreateConversationStore(), poison);
        var projector = new MetadataProjector(Metadata, failing, Fixture.Clock, Options(100));

        await DrainAsync(projector);

        await AssertProjectedAsync(healthy);
        Assert.Null(await Metadata.GetAsync(poison, CancellationToken.None));
        Assert.Equal(1, (await QueuedAsync(poison))!.Attempts);
        var failures = await Metadata.FailuresAsync(10, CancellationToken.None);
        var failure = Assert.Single(failures.Items, f => f.SenderId == poison);
        Assert.Equal(1, failures.Count);
        var counted = await Metadata.FailuresAsync(0, CancellationToken.None);
        Assert.Equal((1L, 0), (counted.Count, counted.Items.Count));
        Assert.Equal("InvalidOperationException: injected failure of " + poison, failure.Error);
        Assert.Equal(Fixture.Clock.GetCurrentInstant() + Duration.FromSeconds(2), failure.RetryAt);

        // Not before its retry is due; then once more, failing again, and set aside twice as long.
        Assert.Equal(0, await projector.RunOnceAsync(CancellationToken.None));
        Fixture.Clock.Advance(Duration.FromSeconds(2));
        Assert.Equal(1, await projector.RunOnceAsync(CancellationToken.None));
        Assert.Equal(2, (await QueuedAsync(poison))!.Attempts);
        Assert.Equal(
            Fixture.Clock.GetCurrentInstant() + Duration.FromSeconds(4),
            Assert.Single((await Metadata.FailuresAsync(10, CancellationToken.None)).Items).RetryAt);

        // A conversation written meanwhile is not held up; once the failure is gone, the retry saves it.
        var later = NewSender("later");
        await Store.WriteAsync([Append(later, Conversation(3))], CancellationToken.None);
        await DrainAsync(projector);
        await AssertProjectedAsync(later);
        Fixture.Clock.Advance(Duration.FromSeconds(4));
        await DrainAsync(NewProjector());
        await AssertProjectedAsync(poison);
        Assert.Null(await QueuedAsync(poison));
        Assert.Equal(0, (await Metadata.FailuresAsync(10, CancellationToken.None)).Count);
    }

    [ContractFact]
    public async Task Projector_WriteToAFailedConversation_MakesItDueAtOnce()
    {
        var poison = NewSender("replaced");
        await Store.WriteAsync([Append(poison, Conversation(1))], CancellationToken.None);
        await DrainAsync(new MetadataProjector(Metadata, new FailingConversationStore(Fixture.CreateConversationStore(), poison), Fixture.Clock, Options(100)));
        Assert.False(await Metadata.AnyClaimableAsync(CancellationToken.None));

        await Store.WriteAsync([Append(poison, Intent(50, "fixed"))], CancellationToken.None);

        Assert.True(await Metadata.AnyClaimableAsync(CancellationToken.None));
        await DrainAsync(NewProjector());
        await AssertProjectedAsync(poison);
    }

    /// <summary>Each conversation's stored metadata as JSON ("null" for none), by sender.</summary>
    private async Task<Dictionary<string, string>> SnapshotAsync(IEnumerable<string> senders)
    {
        var snapshot = new Dictionary<string, string>();
        foreach (var sender in senders)
        {
            snapshot[sender] = Json(await Metadata.GetAsync(sender, CancellationToken.None));
        }

        return snapshot;
    }

    /// <summary>
    /// Writes a conversation (<c>Conversation(first + i)</c>) for each of <paramref name="count"/> new senders labelled
    /// <paramref name="label"/>-i, the clock advancing <paramref name="step"/> after each: a queue in a known order.
    /// </summary>
    private async Task<List<string>> QueueConversationsAsync(string label, int count, int first, Duration step)
    {
        var senders = Enumerable.Range(0, count).Select(i => NewSender($"{label}-{i}")).ToList();
        foreach (var (sender, i) in senders.Select((s, i) => (s, i)))
        {
            await Store.WriteAsync([Append(sender, Conversation(first + i))], CancellationToken.None);
            Fixture.Clock.Advance(step);
        }

        return senders;
    }
}
