using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using RasaPlatform.Core.Feeds;
using RasaPlatform.Core.Storage;
using RasaPlatform.Feeds;
using RasaPlatform.Testing;

namespace RasaPlatform.Api.Tests;

/// <summary>
/// The feeds' commit rule against a store that fails on purpose: a store that is away delays the batch and loses
/// nothing; a store that answers but refuses one message turns that message, and only it, into a reject.
/// </summary>
public sealed class FeedCommitterTests
{
    private static readonly Instant Received = Instant.FromUnixTimeSeconds(1_700_000_000);

    [Fact]
    public async Task AStoreThatIsAway_DelaysTheBatch_AndNothingIsRejected()
    {
        var store = new ScriptedFeedStore { FailuresLeft = 4, Refuses = _ => false };
        var status = Status();

        await Committer(store).CommitAsync(Batch("a", "b"), position: 7, status, CancellationToken.None);

        Assert.Equal(["a", "b"], store.Committed);
        Assert.Empty(store.Rejects);
        Assert.Equal(7, store.Position);
        Assert.Equal((2L, 2L, 0L), (status.Messages, status.EventsStored, status.Rejected));
    }

    [Fact]
    public async Task AMessageTheAnsweringStoreKeepsRefusing_BecomesAReject_AndTheOthersAreStored()
    {
        var store = new ScriptedFeedStore { Refuses = write => write.SenderId == "poison" };
        var status = Status();

        await Committer(store).CommitAsync(Batch("a", "poison", "b"), position: 3, status, CancellationToken.None);

        Assert.Equal(["a", "b"], store.Committed);
        var reject = Assert.Single(store.Rejects);
        Assert.Equal(("store", "poison", "message"), (reject.Source, reject.SenderId, reject.Field));
        Assert.Contains("refused", reject.Reason, StringComparison.Ordinal);
        Assert.Equal(3, store.Position);
        Assert.Equal((3L, 2L, 1L), (status.Messages, status.EventsStored, status.Rejected));
    }

    private static FeedCommitter Committer(IFeedStore store) => new(store, SystemClock.Instance, NullLogger<FeedCommitter>.Instance);

    private static FeedStatus Status() => new FeedMonitor(SystemClock.Instance).Register("test", "rabbitmq");

    private static FeedBatch Batch(params string[] senders)
    {
        var batch = new FeedBatch("test");
        for (var i = 0; i < senders.Length; i++)
        {
            batch.Add(Encoding.UTF8.GetBytes($$"""{"sender_id":"{{senders[i]}}","event":"user","timestamp":{{i + 1}}}"""), "q", Received);
        }

        return batch;
    }

    /// <summary>A store that fails its first commits (as one that is away), and refuses chosen writes while it answers.</summary>
    private sealed class ScriptedFeedStore : IFeedStore
    {
        public int FailuresLeft { get; set; }

        public required Func<ConversationWrite, bool> Refuses { get; init; }

        public List<string> Committed { get; } = [];

        public List<FeedReject> Rejects { get; } = [];

        public long? Position { get; private set; }

        public Task<IngestResult> CommitAsync(IReadOnlyList<ConversationWrite> writes, FeedProgress progress, CancellationToken cancellationToken)
        {
            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new TimeoutException("the store is away");
            }

            if (writes.Any(Refuses))
            {
                throw new InvalidOperationException("the store refuses this event");
            }

            Committed.AddRange(writes.Select(w => w.SenderId));
            Rejects.AddRange(progress.Rejects);
            Position = progress.Position ?? Position;
            return Task.FromResult(new IngestResult(writes.Count, 0, writes.Select(w => w.SenderId).Distinct().Count()));
        }

        public Task<long?> PositionAsync(string feed, CancellationToken cancellationToken) => Task.FromResult(Position);

        public Task ForgetPositionAsync(string feed, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyDictionary<string, long>> RejectCountsAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, long>>(new Dictionary<string, long>());

        public Task<IReadOnlyList<StoredFeedReject>> RejectsAsync(string? feed, int limit, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<StoredFeedReject>>([]);
    }
}
