namespace RasaPlatform.Core.Storage;

/// <summary>Which of a conversation's events to read.</summary>
/// <param name="Until">Inclusive upper bound on the event timestamp in Unix seconds; null for no bound.</param>
public sealed record EventQuery(double? Until)
{
    public static EventQuery All { get; } = new((double?)null);

    /// <summary>Bounds on <see cref="Events.StoredEvent.Sequence"/>; every sequence by default.</summary>
    public SequenceRange Sequences { get; init; }
}
