using System.Runtime.CompilerServices;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Tracking;

namespace RasaPlatform.Core.Dumps;

/// <summary>A conversation ready to be dumped: its state and facts from a first read, and its events read again.</summary>
/// <remarks>
/// Nothing here holds the conversation's events: <see cref="ReadAsync"/> replays them as they stream by (the replay
/// keeps the events since the latest reset, which Rasa's undo and rewind rules need), and <see cref="EventsAsync"/>
/// streams them again from the source. Later reads are bounded by the last sequence the first read saw, so events
/// appended meanwhile are left out; a conversation replaced meanwhile makes the later read throw
/// <see cref="InvalidOperationException"/>.
/// </remarks>
public sealed class ConversationDump
{
    private readonly Func<long?, CancellationToken, IAsyncEnumerable<StoredEvent>> _read;
    private readonly IReadOnlySet<double> _flagged;
    private readonly int _skipped;
    private readonly int _read1;
    private readonly long? _lastSequence;

    private ConversationDump(
        Func<long?, CancellationToken, IAsyncEnumerable<StoredEvent>> read,
        IReadOnlySet<double> flagged,
        TrackerState state,
        DumpFacts facts,
        int fenceLength,
        (int Skipped, int Read, long? LastSequence) pass)
    {
        _read = read;
        _flagged = flagged;
        State = state;
        Facts = facts;
        FenceLength = fenceLength;
        (_skipped, _read1, _lastSequence) = pass;
    }

    /// <summary>The state every event read replays to (as <c>GET /conversations/{id}</c> gives it).</summary>
    public TrackerState State { get; }

    /// <summary>The facts of the events <see cref="EventsAsync"/> yields.</summary>
    public DumpFacts Facts { get; }

    /// <summary>Backticks a Markdown code fence needs so that no text of the events can close it (at least 3).</summary>
    internal int FenceLength { get; }

    /// <summary>Reads the events once, replaying them and counting the facts.</summary>
    /// <param name="senderId">The conversation.</param>
    /// <param name="useHistory">False leaves out the events up to and including the latest <c>restart</c>.</param>
    /// <param name="flagged">Timestamps of the conversation's flagged messages.</param>
    /// <param name="read">Reads the events in arrival order, up to a sequence (inclusive) when one is given.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<ConversationDump> ReadAsync(
        string senderId,
        bool useHistory,
        IReadOnlySet<double> flagged,
        Func<long?, CancellationToken, IAsyncEnumerable<StoredEvent>> read,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flagged);
        ArgumentNullException.ThrowIfNull(read);
        var replayer = new TrackerReplayer(senderId);
        var facts = new DumpFactsBuilder(senderId);
        var backticks = MarkdownText.LongestBacktickRun(senderId);
        var (count, skipped, last) = (0, 0, (long?)null);
        await foreach (var e in read(null, cancellationToken).ConfigureAwait(false))
        {
            replayer.Apply(e);
            count++;
            last = e.Sequence;
            backticks = Math.Max(backticks, MarkdownText.LongestBacktickRun(e.Json));
            if (!useHistory && e.Type == EventTypes.Restart)
            {
                facts.Clear();
                skipped = count;
                continue;
            }

            facts.Add(e, IsFlagged(flagged, e));
        }

        return new ConversationDump(read, flagged, replayer.Snapshot(), facts.Build(), Math.Max(3, backticks + 1), (skipped, count, last));
    }

    /// <summary>Whether the event is a flagged message.</summary>
    public bool IsFlagged(StoredEvent stored) => IsFlagged(_flagged, stored);

    /// <summary>Reads the dump's events again, in arrival order.</summary>
    /// <exception cref="InvalidOperationException">The conversation was replaced since the first read.</exception>
    public async IAsyncEnumerable<StoredEvent> EventsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var index = 0;
        await foreach (var e in _read(_lastSequence ?? long.MinValue, cancellationToken).ConfigureAwait(false))
        {
            if (index++ >= _skipped)
            {
                yield return e;
            }
        }

        if (index != _read1)
        {
            throw new InvalidOperationException($"Conversation '{State.SenderId}' changed while it was being dumped: {_read1} events, then {index}.");
        }
    }

    private static bool IsFlagged(IReadOnlySet<double> flagged, StoredEvent stored) =>
        EventTypes.IsMessage(stored.Type) && flagged.Contains(stored.Timestamp);
}
