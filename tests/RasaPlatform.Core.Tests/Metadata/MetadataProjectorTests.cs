using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using NodaTime;
using RasaPlatform.Core.Assistants;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Metadata;
using RasaPlatform.Core.Storage;
using RasaPlatform.Testing;

namespace RasaPlatform.Core.Tests.Metadata;

/// <summary>The projector's own logic, over in-memory ports; the stores' side is in the storage contract suite.</summary>
public class MetadataProjectorTests
{
    private static readonly Duration Ttl = Duration.FromSeconds(30);

    private readonly FakeClock _clock = FakeClock.At(2024, 3, 1);
    private QueueStore _metadata = new();

    [Fact]
    public async Task RunOnce_EmptyQueue_ClaimsNothing()
    {
        Assert.Equal(0, await Projector(new EventStore(_clock, Duration.Zero)).RunOnceAsync(CancellationToken.None));

        Assert.Equal(0, _metadata.Claims);
    }

    [Fact]
    public async Task RunOnce_ClaimsForTheTtl()
    {
        _metadata.Queue(2);

        await Projector(new EventStore(_clock, Duration.Zero)).RunOnceAsync(CancellationToken.None);

        Assert.Equal(_clock.GetCurrentInstant() + Ttl, _metadata.ClaimedUntil);
    }

    [Fact]
    public async Task RunOnce_BatchOutlastingAThirdOfTheTtl_RenewsItsClaims()
    {
        _metadata.Queue(3);
        var events = new EventStore(_clock, Duration.FromSeconds(11)); // each conversation takes over a third of the TTL

        var processed = await Projector(events, new() { ClaimTtl = Ttl, Parallelism = 1 }).RunOnceAsync(CancellationToken.None);

        // Checked as each conversation's events arrive, each over a third of the TTL after the last renewal: the last
        // one renews too, so the claims outlast the save that follows.
        Assert.Equal(3, processed);
        Assert.Equal(3, _metadata.Renewals);
        Assert.Equal(["c0", "c1", "c2"], _metadata.Saved.Select(s => s.Metadata.SenderId));
    }

    [Fact]
    public async Task RunOnce_ClaimsComingBackFull_GrowTowardsTheTargetDurationAndShrinkOnceTheBacklogIsGone()
    {
        _metadata.Queue(1_000);
        var throughput = new MetadataThroughput(_clock);
        var options = new MetadataProjectorOptions
        {
            ClaimTtl = Ttl, BatchSize = 10, MaximumBatchSize = 300, TargetBatchDuration = Duration.FromSeconds(1), Parallelism = 1,
        };
        var projector = Projector(new EventStore(_clock, Duration.FromMilliseconds(10)), options, throughput);

        // 10 in 0.1 s: at 100 a second the next takes 100, but at most twice the last, 20; then 40, 80, 100, 100.
        for (var run = 0; run < 6; run++)
        {
            await projector.RunOnceAsync(CancellationToken.None);
        }

        Assert.Equal([10, 20, 40, 80, 100, 100], _metadata.Limits);
        var progress = throughput.Progress(pending: 650);
        Assert.True(progress.CatchingUp);
        Assert.Equal((350, 1_000), (progress.Done, progress.Total));
        Assert.Equal(100, progress.RatePerSecond, precision: 6);
        Assert.Equal(6.5, progress.EstimatedSecondsLeft!.Value, precision: 6);

        while (await projector.RunOnceAsync(CancellationToken.None) > 0)
        {
        }

        // 650 left: six more of 100, then 50, which is not full: back to 10 for the next run.
        Assert.Equal([100, 100, 100, 100, 100, 100, 100], _metadata.Limits[6..]);
        _metadata.Queue(1);
        await projector.RunOnceAsync(CancellationToken.None);
        Assert.Equal(10, _metadata.Limits[^1]);
        var ended = throughput.Progress(pending: 0);
        Assert.False(ended.CatchingUp);
        Assert.Equal(1_000, ended.Done);
        Assert.NotNull(ended.Ended);
    }

    [Fact]
    public async Task RunRecentOnce_OnlyWhileABacklogIsWorked_CountsInTheCatchUp_WhichEndsWhenNothingIsLeft()
    {
        _metadata.Queue(25);
        var throughput = new MetadataThroughput(_clock);
        var projector = Projector(new EventStore(_clock, Duration.Zero), new() { ClaimTtl = Ttl, BatchSize = 10, Parallelism = 1 }, throughput);

        Assert.Equal(0, await projector.RunRecentOnceAsync(CancellationToken.None));
        Assert.Equal(10, await projector.RunOnceAsync(CancellationToken.None));
        Assert.True(throughput.Progress(pending: 15).CatchingUp);

        // The lane takes the last queued beside the runs, a batch at most, and counts in the catch-up.
        Assert.Equal(10, await projector.RunRecentOnceAsync(CancellationToken.None));
        Assert.Equal(["c15", "c16", "c17", "c18", "c19", "c20", "c21", "c22", "c23", "c24"], _metadata.Saves[^1]);
        Assert.Equal(5, await projector.RunRecentOnceAsync(CancellationToken.None));
        var lanesDone = throughput.Progress(pending: 0);
        Assert.True(lanesDone.CatchingUp);
        Assert.Equal(25, lanesDone.Done);

        // The lane took the last: the next run finds nothing, which ends the catch-up and the lane.
        Assert.Equal(0, await projector.RunOnceAsync(CancellationToken.None));
        var ended = throughput.Progress(pending: 0);
        Assert.False(ended.CatchingUp);
        Assert.Equal(25, ended.Done);
        _metadata.Queue(3);
        Assert.Equal(0, await projector.RunRecentOnceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RunOnce_FullClaim_SavesTheNewestShareFirstInASaveOfItsOwn()
    {
        _metadata = new QueueStore { TakesNewest = true };
        _metadata.Queue(20);

        Assert.Equal(10, await Projector(new EventStore(_clock, Duration.Zero), new() { ClaimTtl = Ttl, BatchSize = 8, Parallelism = 1 }).RunOnceAsync(CancellationToken.None));

        Assert.Equal([["c18", "c19"], ["c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7"]], _metadata.Saves);
    }

    [Theory]
    [InlineData(499, 1)]
    [InlineData(500, 2)]
    [InlineData(1000, 4)]
    [InlineData(5000, 4)]
    public async Task RunOnce_BacklogBatch_IsSavedInParts_InOrder_EveryConversationOnce(int queued, int parts)
    {
        _metadata.Queue(queued);

        Assert.Equal(queued, await Projector(new EventStore(_clock, Duration.Zero), new() { ClaimTtl = Ttl, BatchSize = queued, MaximumBatchSize = queued }).RunOnceAsync(CancellationToken.None));

        Assert.Equal(parts, _metadata.Saves.Count);
        var size = (queued + parts - 1) / parts;
        for (var part = 0; part < parts; part++)
        {
            Assert.Equal(
                Enumerable.Range(part * size, Math.Min(size, queued - (part * size))).Select(i => $"c{i}").Order(StringComparer.Ordinal),
                _metadata.Saves[part].Order(StringComparer.Ordinal));
        }

        Assert.Equal(0, await _metadata.PendingCountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RunOnce_APartsSaveThrowsBecauseOfOne_TheOtherPartsSaveWhole_AndItsOthersAlone()
    {
        _metadata.Queue(1000);
        _metadata.FailSavesOf = "c600";

        Assert.Equal(1000, await Projector(new EventStore(_clock, Duration.Zero), new() { ClaimTtl = Ttl, BatchSize = 1000, MaximumBatchSize = 1000 }).RunOnceAsync(CancellationToken.None));

        Assert.Equal("c600", Assert.Single(_metadata.Failures).Item.SenderId);
        Assert.Equal(999, _metadata.Saved.Count);
        Assert.Equal([250, 250, 250], _metadata.Saves.Where(save => save.Length > 1).Select(save => save.Length));
        Assert.Equal(249, _metadata.Saves.Count(save => save.Length == 1));
    }

    [Fact]
    public async Task RunOnce_OneConversationsFoldThrows_SavesTheOthersAndSetsItAsideWithItsError()
    {
        _metadata.Queue(3);
        var events = new EventStore(_clock, Duration.Zero) { Throwing = "c1" };

        Assert.Equal(3, await Projector(events).RunOnceAsync(CancellationToken.None));

        Assert.Equal(["c0", "c2"], _metadata.Saved.Select(s => s.Metadata.SenderId).Order());
        var (item, error, retryAt) = Assert.Single(_metadata.Failures);
        Assert.Equal(("c1", 0), (item.SenderId, item.Attempts));
        Assert.Equal("InvalidOperationException: poison c1", error);
        Assert.Equal(_clock.GetCurrentInstant() + Duration.FromSeconds(2), retryAt);
    }

    [Fact]
    public async Task RunOnce_SecondFailure_WaitsTwiceAsLong()
    {
        _metadata.Queue(1, attempts: 1);
        var events = new EventStore(_clock, Duration.Zero) { Throwing = "c0" };

        await Projector(events).RunOnceAsync(CancellationToken.None);

        Assert.Equal(_clock.GetCurrentInstant() + Duration.FromSeconds(4), Assert.Single(_metadata.Failures).RetryAt);
    }

    [Fact]
    public async Task RunOnce_BatchSaveThrowsBecauseOfOne_SavesEachOtherAloneAndSetsItAside()
    {
        _metadata.Queue(3);
        _metadata.FailSavesOf = "c2";

        Assert.Equal(3, await Projector(new EventStore(_clock, Duration.Zero)).RunOnceAsync(CancellationToken.None));

        // Folded side by side, so saved alone in the order their folds finished.
        Assert.Equal(["c0", "c1"], _metadata.Saved.Select(s => s.Metadata.SenderId).Order());
        Assert.Equal("c2", Assert.Single(_metadata.Failures).Item.SenderId);
    }

    [Fact]
    public async Task RunOnce_Cancelled_ReleasesItsClaims()
    {
        _metadata.Queue(2);
        using var cancel = new CancellationTokenSource();
        var events = new EventStore(_clock, Duration.Zero) { OnRead = cancel.Cancel };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Projector(events).RunOnceAsync(cancel.Token));

        Assert.Equal(1, _metadata.Releases);
        Assert.Empty(_metadata.Saved);
    }

    [Fact]
    public void RetryDelayAfter_DoublesFromTheFirstDelayUpToTheMaximum()
    {
        var options = new MetadataProjectorOptions { RetryDelay = Duration.FromSeconds(2), MaximumRetryDelay = Duration.FromSeconds(10) };

        Assert.Equal(
            (2, 4, 8, 10, 10),
            (Seconds(1), Seconds(2), Seconds(3), Seconds(4), Seconds(40)));

        int Seconds(int attempts) => (int)options.RetryDelayAfter(attempts).TotalSeconds;
    }

    [Fact]
    public async Task RunOnce_SavesWhatTheBuilderFoldsAtTheClaimedRevision()
    {
        _metadata.Queue(1);

        await Projector(new EventStore(_clock, Duration.Zero)).RunOnceAsync(CancellationToken.None);

        var (metadata, id, revision) = Assert.Single(_metadata.Saved);
        Assert.Equal((0L, 10L), (id, revision));
        Assert.Equal(["greet"], metadata.Intents);
        Assert.Equal(1, metadata.UserMessageCount);
    }

    [Theory]
    [InlineData(null, "default")]
    [InlineData("support", "support")]
    public async Task RunOnce_EventsNamingNoAssistant_SaveTheConfiguredDefault(string? configured, string expected)
    {
        _metadata.Queue(1);
        var assistants = configured is null ? null : Options.Create(new AssistantOptions { Default = configured });

        await new MetadataProjector(_metadata, new EventStore(_clock, Duration.Zero), _clock, Options.Create(new MetadataProjectorOptions { ClaimTtl = Ttl }), assistants)
            .RunOnceAsync(CancellationToken.None);

        Assert.Equal(expected, Assert.Single(_metadata.Saved).Metadata.AssistantId);
    }

    [Fact]
    public void Resolve_NamedAssistant_WinsOverTheDefault()
    {
        var options = new AssistantOptions { Default = "fallback" };

        Assert.Equal(("a1", "fallback", "fallback"), (options.Resolve("a1"), options.Resolve(null), options.Resolve("")));
    }

    [Fact]
    public async Task RunOnce_FullClaimsAboveTheDeferralBacklog_DeferOnceAndRestoreWhenTheBacklogIsWorkedOff()
    {
        _metadata.Queue(100);
        var projector = Projector(
            new EventStore(_clock, Duration.Zero),
            new() { ClaimTtl = Ttl, BatchSize = 10, MaximumBatchSize = 10, DeferMaintenanceBacklog = 50 });

        await projector.RunOnceAsync(CancellationToken.None);
        Assert.True(_metadata.Deferred);
        await projector.RunOnceAsync(CancellationToken.None);
        Assert.Equal(1, _metadata.Deferrals);

        while (await projector.RunOnceAsync(CancellationToken.None) > 0)
        {
        }

        Assert.False(_metadata.Deferred);
        Assert.Equal(100, _metadata.Saved.Count);
        Assert.Equal(100, _metadata.Saved.Select(s => s.Id).Distinct().Count());
    }

    /// <summary>
    /// An idle look before the backlog (nothing deferred: the next look is 30 s away) does not hold back the restore of
    /// the catch-up this projector then defers: it comes with the first run that finds the backlog worked off.
    /// </summary>
    [Fact]
    public async Task RunOnce_DeferredAfterAnIdleLook_RestoresAsSoonAsTheBacklogIsWorkedOff()
    {
        var projector = Projector(
            new EventStore(_clock, Duration.Zero),
            new() { ClaimTtl = Ttl, BatchSize = 10, MaximumBatchSize = 10, DeferMaintenanceBacklog = 50 });
        Assert.Equal(0, await projector.RunOnceAsync(CancellationToken.None));

        _metadata.Queue(100);
        await projector.RunOnceAsync(CancellationToken.None);
        Assert.True(_metadata.Deferred);
        while (await projector.RunOnceAsync(CancellationToken.None) > 0)
        {
        }

        Assert.Equal((1, false), (_metadata.Restorals, _metadata.Deferred));
        Assert.Equal(100, _metadata.Saved.Count);
    }

    [Fact]
    public async Task RunOnce_IdleWhileDeferred_RestoresAndARestoreThatThrowsIsTriedAgainOnlyAfterFiveSeconds()
    {
        _metadata.Deferred = true;
        _metadata.RestoreThrows = true;
        var projector = Projector(new EventStore(_clock, Duration.Zero));

        await Assert.ThrowsAsync<InvalidOperationException>(() => projector.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, await projector.RunOnceAsync(CancellationToken.None));
        Assert.Equal(1, _metadata.Restorals);

        _metadata.RestoreThrows = false;
        _clock.Advance(Duration.FromSeconds(5));
        Assert.Equal(0, await projector.RunOnceAsync(CancellationToken.None));
        Assert.Equal((2, false), (_metadata.Restorals, _metadata.Deferred));
    }

    [Fact]
    public void Constructor_NonPositiveBatchOrTtl_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Projector(new EventStore(_clock, Duration.Zero), new() { BatchSize = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Projector(new EventStore(_clock, Duration.Zero), new() { ClaimTtl = Duration.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Projector(new EventStore(_clock, Duration.Zero), new() { Parallelism = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Projector(new EventStore(_clock, Duration.Zero), new() { RetryDelay = Duration.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(
            () => Projector(new EventStore(_clock, Duration.Zero), new() { RetryDelay = Duration.FromSeconds(2), MaximumRetryDelay = Duration.FromSeconds(1) }));
    }

    private MetadataProjector Projector(EventStore events, MetadataProjectorOptions? options = null, MetadataThroughput? throughput = null) =>
        new(_metadata, events, _clock, Options.Create(options ?? new MetadataProjectorOptions { ClaimTtl = Ttl }), throughput: throughput);

    /// <summary>Conversations of one user event each; reading one moves the clock on by <paramref name="perRead"/>.</summary>
    private sealed class EventStore(FakeClock clock, Duration perRead) : IConversationStore
    {
        /// <summary>The sender whose events cannot be read, if any.</summary>
        public string? Throwing { get; init; }

        public Action? OnRead { get; init; }

        public Task<IngestResult> WriteAsync(IReadOnlyList<ConversationWrite> writes, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<ConversationInfo?> FindAsync(string senderId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> DeleteAsync(IReadOnlyList<string> senderIds, CancellationToken cancellationToken) => throw new NotSupportedException();

        public async IAsyncEnumerable<StoredEvent> ReadEventsAsync(string senderId, EventQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            clock.Advance(perRead);
            OnRead?.Invoke();
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            if (senderId == Throwing)
            {
                throw new InvalidOperationException("poison " + senderId);
            }

            yield return new StoredEvent(0, EventTypes.User, 1, """{"event":"user","timestamp":1,"parse_data":{"intent":{"name":"greet"}}}""", null);
        }
    }

    private sealed class QueueStore : IMetadataStore
    {
        private readonly List<MetadataWorkItem> _queue = [];

        public List<(ConversationMetadata Metadata, long Id, long Revision)> Saved { get; } = [];

        public List<(MetadataWorkItem Item, string Error, Instant RetryAt)> Failures { get; } = [];

        public int Claims { get; private set; }

        /// <summary>The limit of every claim, in order.</summary>
        public List<int> Limits { get; } = [];

        /// <summary>Whether a claim takes, beside the longest queued, a quarter as many queued last, as the stores do.</summary>
        public bool TakesNewest { get; init; }

        /// <summary>Every save's senders, in order.</summary>
        public List<string[]> Saves { get; } = [];

        public Instant? ClaimedUntil { get; private set; }

        public int Renewals { get; private set; }

        public int Releases { get; private set; }

        /// <summary>A save that includes this sender throws.</summary>
        public string? FailSavesOf { get; set; }

        public void Queue(int count, int attempts = 0) =>
            _queue.AddRange(Enumerable.Range(0, count).Select(i => new MetadataWorkItem(i, $"c{i}", 10 + i, attempts)));

        public Task<IReadOnlyList<MetadataWorkItem>> ClaimAsync(string owner, int limit, Instant until, CancellationToken cancellationToken)
        {
            Claims++;
            Limits.Add(limit);
            ClaimedUntil = until;
            var newest = TakesNewest ? _queue.TakeLast(Math.Max(1, limit / 4)) : [];
            return Task.FromResult<IReadOnlyList<MetadataWorkItem>>([.. _queue.Take(limit).Union(newest).OrderBy(i => i.ConversationId)]);
        }

        /// <summary>The live writes' claim: the last queued (this queue keeps no times), up to the limit.</summary>
        public Task<IReadOnlyList<MetadataWorkItem>> ClaimRecentAsync(string owner, int limit, Instant since, Instant until, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<MetadataWorkItem>>([.. _queue.TakeLast(limit)]);

        public Task RenewClaimsAsync(string owner, Instant until, CancellationToken cancellationToken)
        {
            Renewals++;
            return Task.CompletedTask;
        }

        public Task ReleaseClaimsAsync(string owner, CancellationToken cancellationToken)
        {
            Releases++;
            return Task.CompletedTask;
        }

        public Task RecordFailureAsync(MetadataWorkItem item, string failure, Instant retryAt, CancellationToken cancellationToken)
        {
            Failures.Add((item, failure, retryAt));
            return Task.CompletedTask;
        }

        public Task<MetadataFailures> FailuresAsync(int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> SaveAsync(IReadOnlyList<MetadataUpdate> updates, CancellationToken cancellationToken)
        {
            if (updates.Any(u => u.Metadata.SenderId == FailSavesOf))
            {
                throw new InvalidOperationException("save failed");
            }

            Saved.AddRange(updates.Select(u => (u.Metadata, u.ConversationId, u.Revision)));
            Saves.Add([.. updates.Select(u => u.Metadata.SenderId)]);
            return Task.FromResult(updates.Sum(u => _queue.RemoveAll(i => i.ConversationId == u.ConversationId && i.Revision == u.Revision)));
        }

        public Task<ConversationMetadata?> GetAsync(string senderId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<long> EnqueueAllAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<long> PendingCountAsync(CancellationToken cancellationToken) => Task.FromResult((long)_queue.Count);

        public Task<bool> AnyClaimableAsync(CancellationToken cancellationToken) => Task.FromResult(_queue.Count > 0);

        /// <summary>Whether maintenance is deferred now.</summary>
        public bool Deferred { get; set; }

        public int Deferrals { get; private set; }

        public int Restorals { get; private set; }

        /// <summary>A restore throws, as a failing store would.</summary>
        public bool RestoreThrows { get; set; }

        public Task<bool> DeferMaintenanceAsync(long minimumBacklog, CancellationToken cancellationToken)
        {
            Deferrals++;
            Deferred |= _queue.Count >= minimumBacklog;
            return Task.FromResult(Deferred);
        }

        public Task<bool> RestoreMaintenanceAsync(long minimumBacklog, CancellationToken cancellationToken)
        {
            Restorals++;
            if (RestoreThrows)
            {
                throw new InvalidOperationException("restore failed");
            }

            var restored = Deferred && _queue.Count < minimumBacklog;
            Deferred &= !restored;
            return Task.FromResult(restored);
        }

        public Task<bool> IsMaintenanceDeferredAsync(CancellationToken cancellationToken) => Task.FromResult(Deferred);
    }
}
