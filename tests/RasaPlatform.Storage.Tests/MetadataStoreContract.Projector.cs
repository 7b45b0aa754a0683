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

        Assert.Equal(await Metadata.PendingCountAsync(CancellationToken.None) > 0, await Metadata.AnyPendingAsync(CancellationToken.None));
        await DrainAsync(projector);
        Assert.False(await Metadata.AnyPendingAsync(CancellationToken.None));
        var incremental = await SnapshotAsync(senders);
        await AssertCountsAreCountsOfTheirRowsAsync();
        var rebuild = await NewProjector(batchSize: 11).RebuildAsync(CancellationToken.None);
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
    public async Task Projector_LeaseHeldByAnotherOwner_ProcessesNothingUntilItExpires()
    {
        var sender = NewSender("leased");
        await Store.WriteAsync([Append(sender, Conversation(1))], CancellationToken.None);
        var ttl = Duration.FromSeconds(30);
        Assert.True(await Fixture.Leases.TryAcquireAsync(MetadataProjector.LeaseName, "another-instance", ttl, CancellationToken.None));

        Assert.Equal(0, await NewProjector().RunOnceAsync(CancellationToken.None));
        Assert.NotNull(await QueuedAsync(sender));

        Fixture.Clock.Advance(ttl);
        await DrainAsync(NewProjector());
        Assert.Null(await QueuedAsync(sender));
        await AssertProjectedAsync(sender);
    }

    [ContractFact]
    public async Task Projector_TwoInstancesAtOnce_OnlyTheLeaseHolderWorks()
    {
        var sender = NewSender("two");
        await Store.WriteAsync([Append(sender, Conversation(2))], CancellationToken.None);
        var gated = new GatedConversationStore(Fixture.CreateConversationStore());
        var first = new MetadataProjector(Fixture.CreateMetadataStore(), gated, Fixture.CreateLeaseStore(), Fixture.Clock, Options(100));
        var second = new MetadataProjector(Fixture.CreateMetadataStore(), Fixture.CreateConversationStore(), Fixture.CreateLeaseStore(), Fixture.Clock, Options(100));

        var firstRun = first.RunOnceAsync(CancellationToken.None);
        await gated.Entered.WaitAsync(TimeSpan.FromSeconds(30));
        var secondProcessed = await second.RunOnceAsync(CancellationToken.None);
        Assert.NotNull(await QueuedAsync(sender));
        gated.Open();
        var firstProcessed = await firstRun;

        Assert.Equal(0, secondProcessed);
        Assert.True(firstProcessed >= 1);
        Assert.Null(await QueuedAsync(sender));
        await AssertProjectedAsync(sender);

        // The lease was released at the end of the run: the other instance can work now.
        await Store.WriteAsync([Append(sender, Intent(99, "later"))], CancellationToken.None);
        Assert.True(await second.RunOnceAsync(CancellationToken.None) >= 1);
        await AssertProjectedAsync(sender);
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
