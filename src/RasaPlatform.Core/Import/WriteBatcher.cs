using RasaPlatform.Core.Events;
using RasaPlatform.Core.Feeds;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Core.Import;

/// <summary>Collects records into store writes and hands each full batch to the store while the next one is read.</summary>
/// <remarks>
/// At most two batches exist at a time: the one being filled and the one being written. A whole conversation record
/// is one append, never split across batches, so the store's multiset rule keeps an event the record holds twice.
/// Single events are grouped per conversation into one append per batch. Batches are written strictly in order.
/// </remarks>
/// <param name="store">Where the batches go.</param>
/// <param name="batchEvents">Events per batch.</param>
/// <param name="checkpoint">
/// When set, each batch commits through it with <see cref="Position"/> as it stood when the batch was full: a source
/// read in order resumes after what the last committed batch covered.
/// </param>
internal sealed class WriteBatcher(IConversationStore store, int batchEvents, (IFeedStore Store, string Feed)? checkpoint = null)
{
    private readonly Dictionary<string, List<IncomingEvent>> _openEventWrites = new(StringComparer.Ordinal);
    private List<(string SenderId, List<IncomingEvent> Events)> _writes = [];
    private int _pendingEvents;
    private Task<IngestResult>? _inFlight;

    /// <summary>The source position the records added so far reach; committed with the batch when checkpointing.</summary>
    public long? Position { get; set; }

    /// <summary>What the completed writes did.</summary>
    public IngestResult Total { get; private set; } = IngestResult.Empty;

    /// <summary>Adds a record; starts a write when the batch is full.</summary>
    public ValueTask AddAsync(ParsedRecord record, CancellationToken cancellationToken)
    {
        if (record.IsWholeConversation)
        {
            // Later single events of this sender must follow this record, so they start a new append.
            _openEventWrites.Remove(record.SenderId);
            _writes.Add((record.SenderId, [.. record.Events]));
        }
        else
        {
            if (!_openEventWrites.TryGetValue(record.SenderId, out var events))
            {
                events = [];
                _openEventWrites[record.SenderId] = events;
                _writes.Add((record.SenderId, events));
            }

            events.AddRange(record.Events);
        }

        _pendingEvents += record.Events.Count;
        return _pendingEvents >= batchEvents ? FlushAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    /// <summary>Waits for the write in flight, then starts writing what is pending.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        await DrainAsync().ConfigureAwait(false);
        if (_writes.Count == 0)
        {
            return;
        }

        IReadOnlyList<ConversationWrite> batch = [.. _writes.Select(w => new ConversationWrite(w.SenderId, WriteMode.Append, w.Events))];
        _writes = [];
        _openEventWrites.Clear();
        _pendingEvents = 0;

        // The SQLite driver's async calls complete synchronously; running the write on the pool lets parsing go on.
        var position = Position;
        _inFlight = checkpoint is var (feeds, feed)
            ? Task.Run(() => feeds.CommitAsync(batch, new FeedProgress(feed, position, []), cancellationToken), cancellationToken)
            : Task.Run(() => store.WriteAsync(batch, cancellationToken), cancellationToken);
    }

    /// <summary>Waits for the write in flight and adds its result to <see cref="Total"/>.</summary>
    public async ValueTask DrainAsync()
    {
        if (_inFlight is { } write)
        {
            _inFlight = null;
            Total = Total.Add(await write.ConfigureAwait(false));
        }
    }

    /// <summary>Waits for the write in flight without observing its outcome; for the path that already fails.</summary>
    public Task AbandonAsync() => _inFlight is { } write ? Task.WhenAny(write) : Task.CompletedTask;
}
