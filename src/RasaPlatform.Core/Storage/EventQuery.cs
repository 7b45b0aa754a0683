namespace RasaPlatform.Core.Storage;

/// <summary>Which of a conversation's events to read.</summary>
/// <param name="Until">Inclusive upper bound on the event timestamp in Unix seconds; null for no bound.</param>
public sealed record EventQuery(double? Until)
{
    public static EventQuery All { get; } = new((double?)null);

    /// <summary>Inclusive upper bound on <see cref="Events.StoredEvent.Sequence"/>; null for no bound.</summary>
    /// <remarks>
    /// A reader that reads a conversation more than once (a streamed dump: state first, then events) bounds the later
    /// reads by the last sequence the first one saw, so that events appended in between are not in the later reads.
    /// </remarks>
    public long? ThroughSequence { get; init; }
}
