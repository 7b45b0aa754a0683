using NodaTime;

namespace RasaPlatform.Core.Metadata;

/// <summary>How <see cref="MetadataProjector"/> works through the metadata queue.</summary>
public sealed class MetadataProjectorOptions
{
    /// <summary>The configuration section of the settings an operator may change: <c>MaximumBatchSize</c>, <c>TargetBatchMilliseconds</c>.</summary>
    public const string Section = "Metadata";

    /// <summary>Conversations claimed per run while the queue is short; positive. Default 100.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// The most conversations claimed per run during a catch-up (a backlog larger than <see cref="BatchSize"/>: an
    /// import, a rebuild); at least <see cref="BatchSize"/>. Default 5,000.
    /// </summary>
    /// <remarks>
    /// A catch-up's batches grow towards the size this projector folds in <see cref="TargetBatchDuration"/>, up to this:
    /// large batches read their events in one stream and save in one transaction, which is most of a catch-up's speed.
    /// </remarks>
    public int MaximumBatchSize { get; set; } = 5_000;

    /// <summary>
    /// How long a catch-up's batch should take, claim to commit; positive. A write that arrives during a catch-up is
    /// folded by the live writes' lane (<see cref="MetadataProjector.RunRecentOnceAsync"/>) or else in the next batch
    /// (a quarter of every claim is the newest queued), so this bounds how stale it gets. Default 0.4 seconds.
    /// </summary>
    public Duration TargetBatchDuration { get; set; } = Duration.FromMilliseconds(400);

    /// <summary>
    /// The backlog from which a catch-up defers the store's per-row upkeep (secondary indexes, counts and sums kept by
    /// triggers) to one pass at its end (<see cref="Storage.IMetadataStore.DeferMaintenanceAsync"/>); 0 never defers.
    /// Default 20,000 conversations.
    /// </summary>
    /// <remarks>
    /// Meanwhile the listing stays current, while counts and sums (statistics, analytics, distinct-name counts) stay as
    /// they were when the catch-up began, and the pass at the end holds the store's writers back for its duration
    /// (seconds at 100,000 conversations).
    /// </remarks>
    public long DeferMaintenanceBacklog { get; set; } = 20_000;

    /// <summary>How many conversations of a batch are folded at once; positive. Default 4.</summary>
    public int Parallelism { get; set; } = 4;

    /// <summary>
    /// How long a run's claim on its conversations lasts without renewal; positive. A run renews its claims after a
    /// third of this, so a projector that dies holds up the conversations it claimed (and only those: a new write to
    /// one of them frees it at once) for at most this long. Default 5 seconds.
    /// </summary>
    public Duration ClaimTtl { get; set; } = Duration.FromSeconds(5);

    /// <summary>
    /// How long a conversation whose fold or save failed waits before its first retry; positive. Each further failure
    /// doubles the wait, up to <see cref="MaximumRetryDelay"/>. Default 2 seconds.
    /// </summary>
    public Duration RetryDelay { get; set; } = Duration.FromSeconds(2);

    /// <summary>The longest wait between retries of a failing conversation; at least <see cref="RetryDelay"/>. Default 10 minutes.</summary>
    public Duration MaximumRetryDelay { get; set; } = Duration.FromMinutes(10);

    /// <summary>The wait after the <paramref name="attempts"/>-th failure: <see cref="RetryDelay"/> doubled for each earlier one, capped.</summary>
    /// <param name="attempts">Failures so far, counting this one; at least 1.</param>
    public Duration RetryDelayAfter(int attempts)
    {
        var doublings = Math.Clamp(attempts - 1, 0, 30);
        var delay = RetryDelay.TotalMilliseconds * Math.Pow(2, doublings);
        return Duration.FromMilliseconds(Math.Min(delay, MaximumRetryDelay.TotalMilliseconds));
    }
}
