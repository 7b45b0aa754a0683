using NodaTime;
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
        var backlog = Enumerable.Range(0, 12).Select(i => NewSender($"backlog-{i}")).ToList();
        foreach (var (sender, i) in backlog.Select((s, i) => (s, i)))
        {
            await Store.WriteAsync([Append(sender, Conversation(i))], CancellationToken.None);
            Fixture.Clock.Advance(Duration.FromMilliseconds(10));
        }

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
}
