using NodaTime;

namespace RasaPlatform.Core.Metadata;

/// <summary>How <see cref="MetadataProjector"/> works through the metadata queue.</summary>
public sealed class MetadataProjectorOptions
{
    /// <summary>Conversations claimed per run; positive. Default 100.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// How many conversations of a batch are read and folded at once; positive. Reading is mostly waiting for the store,
    /// so a few at a time keep it busy. Default 4.
    /// </summary>
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
