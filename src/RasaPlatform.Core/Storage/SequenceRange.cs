using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Storage;

/// <summary>Which of a conversation's events to read by <see cref="StoredEvent.Sequence"/>: both bounds inclusive, null for none.</summary>
/// <remarks>
/// A reader that reads a conversation more than once (a streamed dump: state first, then events) bounds the later
/// reads by the last sequence the first one saw, so that events appended in between are not in them; the tracker's
/// replay reads back the few user messages it let go from the first it needs.
/// </remarks>
public readonly record struct SequenceRange(long? From, long? Through)
{
    /// <summary>Every event.</summary>
    public static SequenceRange All => default;

    /// <summary>The events up to <paramref name="through"/> (inclusive); every event for null.</summary>
    public static SequenceRange UpTo(long? through) => new(null, through);

    /// <summary>Whether an event of this sequence is read.</summary>
    public bool Contains(long sequence) => sequence >= (From ?? long.MinValue) && sequence <= (Through ?? long.MaxValue);
}
