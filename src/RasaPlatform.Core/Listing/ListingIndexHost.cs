using Microsoft.Extensions.Options;
using NodaTime;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Core.Listing;

/// <summary>
/// Holds this instance's <see cref="ListingIndex"/>: loads it, keeps it caught up with the store's changes, and drops
/// it when it fell too far behind for the store's record of changes.
/// </summary>
/// <remarks>
/// A listing asks for the index through <see cref="CurrentAsync"/>, which first reads every change committed before
/// the call: what a client wrote, on any instance, shows in its next listing. Until the first load completes there is
/// no index, and listings are answered by the store.
/// </remarks>
public sealed class ListingIndexHost(IListingFeed feed, IClock clock, IOptions<ListingIndexOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _reads = new();
    private bool _reading;
    private TaskCompletionSource<ListingIndex?>? _next;
    private ListingIndex? _index;
    private ListingPosition _position;
    private long _lastReadTicks; // an Instant's ticks, written under the gate, read by metrics without it

    /// <summary>Whether the index is enabled by configuration.</summary>
    public bool Enabled => options.Value.Enabled;

    /// <summary>The conversations the index holds; null without one.</summary>
    public int? Conversations => Volatile.Read(ref _index)?.Count;

    /// <summary>When the index last read the store's changes (or was loaded); null without one. Listings read them on demand.</summary>
    public Instant? LastRead => Loaded ? Instant.FromUnixTimeTicks(Volatile.Read(ref _lastReadTicks)) : null;

    /// <summary>Whether an index is loaded (and not dropped since).</summary>
    public bool Loaded => Volatile.Read(ref _index) is not null;

    /// <summary>Loads the index from every conversation's row, replacing any it held.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var started = clock.GetCurrentInstant();
        var (index, position) = await ListingIndex.LoadAsync(feed, cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _position = position;
            Volatile.Write(ref _lastReadTicks, started.ToUnixTimeTicks());
            Volatile.Write(ref _index, index);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The index, caught up with every change the store committed before this call; null when there is none (not
    /// enabled, not loaded yet, or dropped for having fallen behind the change record).
    /// </summary>
    /// <remarks>
    /// Callers share reads of the changes. A read already under way may have begun before a change the caller saw
    /// committed, so a caller arriving during it waits for the next read, which starts when it ends; every caller
    /// arriving meanwhile shares that next read. Under many concurrent listings the store sees one read at a time,
    /// back to back, rather than one per listing.
    /// </remarks>
    public Task<ListingIndex?> CurrentAsync(CancellationToken cancellationToken)
    {
        if (!Enabled || !Loaded)
        {
            return Task.FromResult<ListingIndex?>(null);
        }

        TaskCompletionSource<ListingIndex?> read;
        lock (_reads)
        {
            if (_reading)
            {
                _next ??= new TaskCompletionSource<ListingIndex?>(TaskCreationOptions.RunContinuationsAsynchronously);
                return _next.Task.WaitAsync(cancellationToken);
            }

            _reading = true;
            read = new TaskCompletionSource<ListingIndex?>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        _ = Task.Run(() => ReadUntilNoneWaitAsync(read), CancellationToken.None);
        return read.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Completes <paramref name="read"/>, then each next read asked for while the one before ran.</summary>
    /// <remarks>Reads run without a caller's cancellation: they serve every caller waiting, and a caller gone leaves the others.</remarks>
    private async Task ReadUntilNoneWaitAsync(TaskCompletionSource<ListingIndex?> read)
    {
        while (true)
        {
            try
            {
                read.SetResult(await ReadChangesAsync().ConfigureAwait(false));
            }
#pragma warning disable CA1031 // Every waiting caller receives the failure; none is lost here.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                read.SetException(exception);
            }

            lock (_reads)
            {
                if (_next is null)
                {
                    _reading = false;
                    return;
                }

                read = _next;
                _next = null;
            }
        }
    }

    private async Task<ListingIndex?> ReadChangesAsync()
    {
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (_index is not { } index)
            {
                return null;
            }

            var now = clock.GetCurrentInstant();
            if (now - Instant.FromUnixTimeTicks(_lastReadTicks) > options.Value.ChangeRetention / 2)
            {
                // Changes it never read may have been pruned: only a new load is exact again.
                Volatile.Write(ref _index, null);
                return null;
            }

            var changes = new ListingChanges();
            var position = await feed.ReadChangesAsync(_position, changes, CancellationToken.None).ConfigureAwait(false);
            index.Apply(changes);
            _position = position;
            Volatile.Write(ref _lastReadTicks, now.ToUnixTimeTicks());
            return index;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Forgets the store's changes older than the configured retention.</summary>
    public Task PruneAsync(CancellationToken cancellationToken) => feed.PruneAsync(options.Value.ChangeRetention, cancellationToken);
}
