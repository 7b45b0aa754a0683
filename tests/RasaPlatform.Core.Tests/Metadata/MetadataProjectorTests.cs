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
    private readonly QueueStore _metadata = new();
    private readonly Leases _leases = new();

    [Fact]
    public async Task RunOnce_LeaseHeldElsewhere_ClaimsAndSavesNothing()
    {
        _metadata.Queue(3);
        _leases.Free = false;

        Assert.Equal(0, await Projector(new EventStore(_clock, Duration.Zero)).RunOnceAsync(CancellationToken.None));

        Assert.Equal(0, _metadata.Claims);
        Assert.Empty(_metadata.Saved);
    }

    [Fact]
    public async Task RunOnce_EmptyQueue_TakesNoLease()
    {
        Assert.Equal(0, await Projector(new EventStore(_clock, Duration.Zero)).RunOnceAsync(CancellationToken.None));

        Assert.Equal(0, _leases.Acquisitions);
        Assert.Equal(0, _leases.Releases);
        Assert.Equal(0, _metadata.Claims);
    }

    [Fact]
    public async Task RunOnce_BatchOutlastingAThirdOfTheTtl_RenewsAndStopsOnceTheLeaseIsLost()
    {
        _metadata.Queue(5);
        var events = new EventStore(_clock, Duration.FromSeconds(11)); // each conversation takes over a third of the TTL

        _leases.RenewalsGranted = 1;
        var processed = await Projector(events, new() { LeaseTtl = Ttl, Parallelism = 1 }).RunOnceAsync(CancellationToken.None);

        // 1st: no renewal due; 2nd: renewal granted; 3rd: renewal refused, so the run stops before folding it.
        Assert.Equal(2, processed);
        Assert.Equal(["c0", "c1"], _metadata.Saved.Select(s => s.Metadata.SenderId));
        Assert.Equal(3, _leases.Acquisitions);
        Assert.Equal(1, _leases.Releases);
    }

    [Fact]
    public async Task RunOnce_FailingSave_StillReleasesTheLease()
    {
        _metadata.Queue(2);
        _metadata.FailSaves = true;

        await Assert.ThrowsAsync<InvalidOperationException>(() => Projector(new EventStore(_clock, Duration.Zero)).RunOnceAsync(CancellationToken.None));

        Assert.Equal(1, _leases.Releases);
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

        await new MetadataProjector(_metadata, new EventStore(_clock, Duration.Zero), _leases, _clock, Options.Create(new MetadataProjectorOptions { LeaseTtl = Ttl }), assistants)
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
    public void Constructor_NonPositiveBatchOrTtl_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Projector(new EventStore(_clock, Duration.Zero), new() { BatchSize = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Projector(new EventStore(_clock, Duration.Zero), new() { LeaseTtl = Duration.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Projector(new EventStore(_clock, Duration.Zero), new() { Parallelism = 0 }));
    }

    private MetadataProjector Projector(EventStore events, MetadataProjectorOptions? options = null) =>
        new(_metadata, events, _leases, _clock, Options.Create(options ?? new MetadataProjectorOptions { LeaseTtl = Ttl }));

    /// <summary>Conversations of one user event each; reading one moves the clock on by <paramref name="perRead"/>.</summary>
    private sealed class EventStore(FakeClock clock, Duration perRead) : IConversationStore
    {
        public Task<IngestResult> WriteAsync(IReadOnlyList<ConversationWrite> writes, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<ConversationInfo?> FindAsync(string senderId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> DeleteAsync(IReadOnlyList<string> senderIds, CancellationToken cancellationToken) => throw new NotSupportedException();

        public async IAsyncEnumerable<StoredEvent> ReadEventsAsync(string senderId, EventQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            clock.Advance(perRead);
            await Task.Yield();
            yield return new StoredEvent(0, EventTypes.User, 1, """{"event":"user","timestamp":1,"parse_data":{"intent":{"name":"greet"}}}""", null);
        }
    }

    private sealed class QueueStore : IMetadataStore
    {
        private readonly List<MetadataWorkItem> _queue = [];

        public List<(ConversationMetadata Metadata, long Id, long Revision)> Saved { get; } = [];

        public int Claims { get; private set; }

        public bool FailSaves { get; set; }

        public void Queue(int count) => _queue.AddRange(Enumerable.Range(0, count).Select(i => new MetadataWorkItem(i, $"c{i}", 10 + i)));

        public Task<IReadOnlyList<MetadataWorkItem>> ClaimAsync(int limit, CancellationToken cancellationToken)
        {
            Claims++;
            return Task.FromResult<IReadOnlyList<MetadataWorkItem>>([.. _queue.Take(limit)]);
        }

        public Task<int> SaveAsync(IReadOnlyList<MetadataUpdate> updates, CancellationToken cancellationToken)
        {
            if (FailSaves)
            {
                throw new InvalidOperationException("save failed");
            }

            Saved.AddRange(updates.Select(u => (u.Metadata, u.ConversationId, u.Revision)));
            return Task.FromResult(updates.Sum(u => _queue.RemoveAll(i => i.ConversationId == u.ConversationId && i.Revision == u.Revision)));
        }

        public Task<ConversationMetadata?> GetAsync(string senderId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<long> EnqueueAllAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<long> PendingCountAsync(CancellationToken cancellationToken) => Task.FromResult((long)_queue.Count);

        public Task<bool> AnyPendingAsync(CancellationToken cancellationToken) => Task.FromResult(_queue.Count > 0);
    }

    /// <summary>A lease that is free or not; once held, renewals are granted as many times as told.</summary>
    private sealed class Leases : ILeaseStore
    {
        public bool Free { get; set; } = true;

        public int RenewalsGranted { get; set; } = int.MaxValue;

        public int Acquisitions { get; private set; }

        public int Releases { get; private set; }

        public Task<bool> TryAcquireAsync(string name, string owner, Duration ttl, CancellationToken cancellationToken)
        {
            Assert.Equal(MetadataProjector.LeaseName, name);
            Assert.Equal(Ttl, ttl);
            Acquisitions++;
            if (Acquisitions == 1)
            {
                return Task.FromResult(Free);
            }

            return Task.FromResult(RenewalsGranted-- > 0);
        }

        public Task ReleaseAsync(string name, string owner, CancellationToken cancellationToken)
        {
            Releases++;
            return Task.CompletedTask;
        }
    }
}
