namespace RasaPlatform.Core.Metadata;

/// <summary>What <see cref="MetadataProjector.RebuildAsync"/> did, or has done so far.</summary>
/// <param name="Enqueued">Conversations queued for the rebuild.</param>
/// <param name="Processed">Conversations this projector folded and saved (other instances fold some too).</param>
/// <param name="Pending">Conversations still queued, claimed or not.</param>
/// <param name="Failed">Queued conversations whose fold or save failed and that wait for their retry.</param>
/// <param name="RatePerSecond">Conversations this projector folded per second since the rebuild started.</param>
public sealed record MetadataRebuildResult(long Enqueued, long Processed, long Pending = 0, long Failed = 0, double RatePerSecond = 0)
{
    /// <summary>Seconds left at the rate so far; null before anything was folded.</summary>
    public double? EstimatedSecondsLeft => MetadataThroughput.SecondsLeft(Pending, RatePerSecond);
}
