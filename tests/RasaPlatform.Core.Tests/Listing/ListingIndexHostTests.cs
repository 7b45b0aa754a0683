using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using RasaPlatform.Core.Listing;
using RasaPlatform.Core.Storage;
using RasaPlatform.Testing;

namespace RasaPlatform.Core.Tests.Listing;

/// <summary>
/// How listings share reads of the store's changes: a caller never gets a read that began before it arrived, and the
/// callers arriving during one read share the next.
/// </summary>
public sealed class ListingIndexHostTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task CurrentAsync_DuringARead_WaitsForTheNextOneAndSharesIt()
    {
        var feed = new GatedFeed();
        using var host = await LoadedHostAsync(feed);

        var first = host.CurrentAsync(CancellationToken.None);
        var firstRead = await feed.StartedAsync(1);

        // These arrive while read 1 is under way: it may have begun before a write they saw committed.
        var second = host.CurrentAsync(CancellationToken.None);
        var third = host.CurrentAsync(CancellationToken.None);
        firstRead.SetResult();
        await first.WaitAsync(Patience);

        var secondRead = await feed.StartedAsync(2);
        Assert.False(second.IsCompleted);
        Assert.False(third.IsCompleted);
        secondRead.SetResult();

        Assert.Same(await second.WaitAsync(Patience), await third.WaitAsync(Patience));
        Assert.NotNull(await second);
        Assert.Equal(2, feed.Reads);
    }

    [Fact]
    public async Task CurrentAsync_WhenIdle_StartsAReadOfItsOwn()
    {
        var feed = new GatedFeed();
        using var host = await LoadedHostAsync(feed);

        var first = host.CurrentAsync(CancellationToken.None);
        (await feed.StartedAsync(1)).SetResult();
        await first.WaitAsync(Patience);
        var second = host.CurrentAsync(CancellationToken.None);
        (await feed.StartedAsync(2)).SetResult();

        Assert.NotNull(await second.WaitAsync(Patience));
        Assert.Equal(2, feed.Reads);
    }

    [Fact]
    public async Task CurrentAsync_ReadFails_ItsCallersSeeTheFailureAndTheNextCallerReadsAgain()
    {
        var feed = new GatedFeed();
        using var host = await LoadedHostAsync(feed);

        var first = host.CurrentAsync(CancellationToken.None);
        (await feed.StartedAsync(1)).SetException(new InvalidOperationException("store down"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => first.WaitAsync(Patience));

        var second = host.CurrentAsync(CancellationToken.None);
        (await feed.StartedAsync(2)).SetResult();
        Assert.NotNull(await second.WaitAsync(Patience));
    }

    [Fact]
    public async Task CurrentAsync_CallerCancelled_LeavesTheSharedReadToTheOthers()
    {
        var feed = new GatedFeed();
        using var host = await LoadedHostAsync(feed);
        using var cancellation = new CancellationTokenSource();

        var gone = host.CurrentAsync(cancellation.Token);
        var staying = host.CurrentAsync(CancellationToken.None);
        var read = await feed.StartedAsync(1);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gone);
        read.SetResult();
        (await feed.StartedAsync(2)).SetResult();

        Assert.NotNull(await staying.WaitAsync(Patience));
    }

    private static async Task<ListingIndexHost> LoadedHostAsync(GatedFeed feed)
    {
        var host = new ListingIndexHost(feed, FakeClock.At(2024, 3, 1), Options.Create(new ListingIndexOptions()));
        await host.LoadAsync(CancellationToken.None);
        return host;
    }

    /// <summary>A feed whose change reads each wait until the test completes them.</summary>
    private sealed class GatedFeed : IListingFeed
    {
        private readonly ConcurrentDictionary<int, TaskCompletionSource<TaskCompletionSource>> _started = new();
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        /// <summary>The gate of read <paramref name="number"/> (from 1), once that read has started.</summary>
        public Task<TaskCompletionSource> StartedAsync(int number) => Started(number).Task.WaitAsync(Patience);

        public Task<ListingPosition> ReadAllAsync(IListingSink sink, CancellationToken cancellationToken) =>
            Task.FromResult(new ListingPosition(0));

        public async Task<ListingPosition> ReadChangesAsync(ListingPosition position, IListingSink sink, CancellationToken cancellationToken)
        {
            var number = Interlocked.Increment(ref _reads);
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Started(number).SetResult(gate);
            await gate.Task.ConfigureAwait(false);
            return new ListingPosition(number);
        }

        public Task<IReadOnlyList<ListedConversation>> ItemsAsync(IReadOnlyList<long> conversationIds, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task PruneAsync(NodaTime.Duration age, CancellationToken cancellationToken) => Task.CompletedTask;

        private TaskCompletionSource<TaskCompletionSource> Started(int number) =>
            _started.GetOrAdd(number, _ => new TaskCompletionSource<TaskCompletionSource>(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
