using System.Runtime.CompilerServices;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Storage;
using RasaPlatform.Core.Tracking;

namespace RasaPlatform.Core.Dumps;

/// <summary>
/// A conversation to dump or serve whole: read first for what the answer's opening needs, then read again for its
/// events.
/// </summary>
/// <remarks>
/// <para>
/// Opening reads nothing, so a writer can send its first bytes before any event is read. Each writer then makes one
/// first read of what it needs and no more: <see cref="ReplayAsync"/> (the tracker state, for the JSON dump and the
/// tracker) or <see cref="CountFactsAsync"/> (the facts, for the Markdown dump). <see cref="EventsAsync"/>
/// streams the events again from the source (the events and messages reads, in a single read when history is kept).
/// </para>
/// <para>
/// Nothing here holds the conversation's events: the first read replays or counts them as they stream by (the replay
/// keeps a small record of each event since the latest reset, which Rasa's undo and rewind rules need, and the JSON of
/// the few messages the state shows). Later reads are bounded by the last sequence the first read saw, so events
/// appended meanwhile are left out; a conversation replaced meanwhile makes the later read throw
/// <see cref="InvalidOperationException"/>. Not thread-safe.
/// </para>
/// </remarks>
public sealed class ConversationDump
{
    private readonly Func<SequenceRange, CancellationToken, IAsyncEnumerable<StoredEvent>> _read;
    private readonly IReadOnlySet<double> _flagged;
    private readonly IReadOnlyDictionary<double, string> _corrections;
    private readonly bool _useHistory;
    private FirstRead? _firstRead;

    private ConversationDump(
        string senderId,
        bool useHistory,
        IReadOnlySet<double> flagged,
        IReadOnlyDictionary<double, string> corrections,
        Func<SequenceRange, CancellationToken, IAsyncEnumerable<StoredEvent>> read)
    {
        SenderId = senderId;
        _useHistory = useHistory;
        _flagged = flagged;
        _corrections = corrections;
        _read = read;
    }

    /// <summary>The conversation.</summary>
    public string SenderId { get; }

    /// <summary>Where its review is, as read when it was opened.</summary>
    public Reviews.ReviewStatus ReviewStatus { get; private init; }

    /// <summary>The assistant it belongs to, read when it was opened with its review; null otherwise.</summary>
    public string? Assistant { get; private set; }

    /// <summary>The tags it carries, read when it was opened with its review; none otherwise.</summary>
    public IReadOnlyList<Tags.ConversationTag> Tags { get; private set; } = [];

    /// <summary>Opens a conversation for dumping, reading nothing yet.</summary>
    /// <param name="senderId">The conversation.</param>
    /// <param name="useHistory">False leaves out the events up to and including the latest <c>restart</c>.</param>
    /// <param name="flagged">Timestamps of the conversation's flagged messages.</param>
    /// <param name="read">Reads the events in arrival order, those in a range of sequences.</param>
    /// <param name="corrections">The conversation's intent corrections: timestamp of the user messages to the intent they meant; none when null.</param>
    /// <param name="reviewStatus">Where its review is.</param>
    public static ConversationDump Open(
        string senderId,
        bool useHistory,
        IReadOnlySet<double> flagged,
        Func<SequenceRange, CancellationToken, IAsyncEnumerable<StoredEvent>> read,
        IReadOnlyDictionary<double, string>? corrections = null,
        Reviews.ReviewStatus reviewStatus = Reviews.ReviewStatus.Unread)
    {
        ArgumentNullException.ThrowIfNull(senderId);
        ArgumentNullException.ThrowIfNull(flagged);
        ArgumentNullException.ThrowIfNull(read);
        return new ConversationDump(senderId, useHistory, flagged, corrections ?? new Dictionary<double, string>(), read) { ReviewStatus = reviewStatus };
    }

    /// <summary>Sets what a conversation's answer shows beside its tracker: its assistant and tags.</summary>
    internal ConversationDump WithAssistantAndTags(string? assistant, IReadOnlyList<Tags.ConversationTag> tags)
    {
        Assistant = assistant;
        Tags = tags;
        return this;
    }

    /// <summary>The intent corrections, by ascending timestamp of the user messages they correct.</summary>
    public IEnumerable<KeyValuePair<double, string>> Corrections => _corrections.OrderBy(c => c.Key);

    /// <summary>Reads the events once, replaying them: the state every event read replays to (as <c>GET /conversations/{id}</c> gives it).</summary>
    /// <remarks>Bounds the later <see cref="EventsAsync"/> reads to the events this read saw.</remarks>
    public Task<TrackerState> ReplayAsync(CancellationToken cancellationToken) => ReplayOnceAsync(each: null, cancellationToken);

    /// <summary>
    /// Reads every event once, replaying it and handing it to <paramref name="each"/> as it goes: the state after the
    /// last, for an answer that writes the events before the state and needs no second read.
    /// </summary>
    public Task<TrackerState> ReadAndReplayAsync(Func<StoredEvent, CancellationToken, ValueTask> each, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(each);
        return ReplayOnceAsync(each, cancellationToken);
    }

    /// <summary>The one replaying read: hands each event to <paramref name="each"/> if given, and records the first read.</summary>
    private async Task<TrackerState> ReplayOnceAsync(Func<StoredEvent, CancellationToken, ValueTask>? each, CancellationToken cancellationToken)
    {
        var replayer = new TrackerReplayer(SenderId);
        var pass = new FirstRead();
        await foreach (var e in _read(SequenceRange.All, cancellationToken).ConfigureAwait(false))
        {
            replayer.Apply(e);
            pass.Saw(e, _useHistory);
            if (each is not null)
            {
                await each(e, cancellationToken).ConfigureAwait(false);
            }
        }

        pass.FirstAfterLatestRestart = replayer.FirstIndexAfterLatestRestart;
        pass.Applied = [.. replayer.AppliedEventIndexes()];
        _firstRead = pass;
        return await replayer.SnapshotAsync(_read, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the events once without replaying them, for <see cref="EventsAsync"/> alone.</summary>
    private async Task ScanAsync(CancellationToken cancellationToken)
    {
        var pass = new FirstRead();
        await foreach (var e in _read(SequenceRange.All, cancellationToken).ConfigureAwait(false))
        {
            pass.Saw(e, _useHistory);
        }

        _firstRead = pass;
    }

    /// <summary>Reads the events once, counting the facts of those <see cref="EventsAsync"/> yields.</summary>
    /// <remarks>Bounds the later <see cref="EventsAsync"/> reads to the events this read saw.</remarks>
    public async Task<DumpFacts> CountFactsAsync(CancellationToken cancellationToken) =>
        (await CountAsync(cancellationToken).ConfigureAwait(false)).Facts;

    /// <summary>Whether the event is a flagged message.</summary>
    public bool IsFlagged(StoredEvent stored) => IsFlagged(_flagged, stored);

    /// <summary>The intent a person corrected the event to, when it is a corrected user message; null otherwise.</summary>
    public string? CorrectedIntent(StoredEvent stored) =>
        stored.Type == EventTypes.User && _corrections.TryGetValue(stored.Timestamp, out var intent) ? intent : null;

    /// <summary>The dump's events in arrival order (after the latest <c>restart</c> when history is left out).</summary>
    /// <remarks>
    /// After a first read, they are read again, bounded by it. Without one, they are read in one pass when history is
    /// kept; otherwise a first pass finds the latest <c>restart</c>.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The conversation was replaced since the first read.</exception>
    public IAsyncEnumerable<StoredEvent> EventsAsync(CancellationToken cancellationToken) => _firstRead switch
    {
        { } first => ReadAgainAsync(first, i => i >= first.Skipped, cancellationToken),
        null when _useHistory => _read(SequenceRange.All, cancellationToken),
        null => ScanThenReadAsync(cancellationToken),
    };

    private async IAsyncEnumerable<StoredEvent> ScanThenReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await ScanAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var e in EventsAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return e;
        }
    }

    /// <summary>Reads again the events a tracker's verbosity selects, in arrival order; nothing for <see cref="EventVerbosity.None"/>.</summary>
    /// <remarks>
    /// <see cref="EventVerbosity.All"/>: every event read; <see cref="EventVerbosity.AfterRestart"/>: those after the
    /// latest <c>restart</c>; <see cref="EventVerbosity.Applied"/>: those the replay applied (not undone, rewound or
    /// reset). Needs <see cref="ReplayAsync"/> first.
    /// </remarks>
    /// <exception cref="InvalidOperationException">No replay was made, or the conversation was replaced since it.</exception>
    public IAsyncEnumerable<StoredEvent> SelectedEventsAsync(EventVerbosity verbosity, CancellationToken cancellationToken)
    {
        var first = _firstRead is { Applied: not null } replayed
            ? replayed
            : throw new InvalidOperationException("A verbosity's events are read again only after a replay.");
        Func<int, bool> selected = verbosity switch
        {
            EventVerbosity.All => _ => true,
            EventVerbosity.AfterRestart => i => i >= first.FirstAfterLatestRestart,
            EventVerbosity.Applied => first.Applied!.Contains,
            EventVerbosity.None => _ => false,
            _ => throw new ArgumentOutOfRangeException(nameof(verbosity), verbosity, null),
        };
        return ReadAgainAsync(first, selected, cancellationToken);
    }

    private async IAsyncEnumerable<StoredEvent> ReadAgainAsync(FirstRead first, Func<int, bool> selected, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var index = 0;
        if (first.Count > 0)
        {
            await foreach (var e in _read(SequenceRange.UpTo(first.LastSequence ?? long.MinValue), cancellationToken).ConfigureAwait(false))
            {
                if (selected(index++))
                {
                    yield return e;
                }
            }
        }

        if (index != first.Count)
        {
            throw new InvalidOperationException($"Conversation '{SenderId}' changed while it was being read: {first.Count} events, then {index}.");
        }
    }

    /// <summary>The facts, and the backticks a Markdown code fence needs so that no text of the events can close it (at least 3).</summary>
    internal async Task<(DumpFacts Facts, int FenceLength)> CountAsync(CancellationToken cancellationToken)
    {
        var facts = new DumpFactsBuilder(SenderId);
        var backticks = MarkdownText.LongestBacktickRun(SenderId);
        var pass = new FirstRead();
        await foreach (var e in _read(SequenceRange.All, cancellationToken).ConfigureAwait(false))
        {
            backticks = Math.Max(backticks, MarkdownText.LongestBacktickRun(e.Json));
            if (pass.Saw(e, _useHistory))
            {
                facts.Clear();
                continue;
            }

            facts.Add(e, IsFlagged(_flagged, e));
        }

        _firstRead = pass;
        return (facts.Build(), Math.Max(3, backticks + 1));
    }

    private static bool IsFlagged(IReadOnlySet<double> flagged, StoredEvent stored) =>
        EventTypes.IsMessage(stored.Type) && flagged.Contains(stored.Timestamp);

    /// <summary>What a first read saw: how many events, how many of them are history to leave out, and the last sequence.</summary>
    private sealed class FirstRead
    {
        public int Count { get; private set; }

        public int Skipped { get; private set; }

        public long? LastSequence { get; private set; }

        /// <summary>After a replay: the index of the first event after the latest <c>restart</c>.</summary>
        public int FirstAfterLatestRestart { get; set; }

        /// <summary>After a replay: the indexes of the applied events; null after any other first read.</summary>
        public HashSet<int>? Applied { get; set; }

        /// <returns>Whether the event ends history that the dump leaves out (a <c>restart</c> without history).</returns>
        public bool Saw(StoredEvent e, bool useHistory)
        {
            Count++;
            LastSequence = e.Sequence;
            if (useHistory || e.Type != EventTypes.Restart)
            {
                return false;
            }

            Skipped = Count;
            return true;
        }
    }
}
