using RasaPlatform.Core.Events;
using RasaPlatform.Core.Tracking;

namespace RasaPlatform.Core.Conversations;

/// <summary>One conversation as read: its events up to a time bound and the state they replay to.</summary>
public sealed class ConversationView
{
    private readonly TrackerReplayer _replayer;

    internal ConversationView(IReadOnlyList<StoredEvent> events, TrackerReplayer replayer)
    {
        Events = events;
        _replayer = replayer;
        State = replayer.Snapshot();
    }

    /// <summary>Every event read, in arrival order.</summary>
    public IReadOnlyList<StoredEvent> Events { get; }

    /// <summary>The state replayed from <see cref="Events"/>.</summary>
    public TrackerState State { get; }

    /// <summary>The events a verbosity selects, in arrival order; null for <see cref="EventVerbosity.None"/>.</summary>
    public IEnumerable<StoredEvent>? Select(EventVerbosity verbosity) => verbosity switch
    {
        EventVerbosity.None => null,
        EventVerbosity.All => Events,
        EventVerbosity.AfterRestart => Events.Skip(_replayer.FirstIndexAfterLatestRestart),
        EventVerbosity.Applied => _replayer.AppliedEventIndexes().Select(i => Events[i]),
        _ => throw new ArgumentOutOfRangeException(nameof(verbosity), verbosity, null),
    };

    /// <summary>Events before the latest restart are history; <paramref name="useHistory"/> false leaves them out.</summary>
    public IEnumerable<StoredEvent> WithHistory(bool useHistory) =>
        Select(useHistory ? EventVerbosity.All : EventVerbosity.AfterRestart)!;
}
