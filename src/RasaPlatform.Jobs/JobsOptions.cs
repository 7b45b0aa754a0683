namespace RasaPlatform.Jobs;

/// <summary>The background jobs (configuration section <c>Jobs</c>).</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>
    /// Whether this instance runs a Hangfire server (the metadata projection, enqueued jobs, recurring housekeeping).
    /// Default true; several instances may all run one. Without it the instance still enqueues jobs and serves the
    /// dashboard, and another instance on the same store works them.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How often the metadata projection looks at its queue when it found nothing to do, in milliseconds; positive.
    /// Default 50: a conversation written waits for the next look before it is projected, and a look at an empty
    /// queue is one read.
    /// </summary>
    public int MetadataIntervalMilliseconds { get; set; } = 50;

    /// <summary>How many Hangfire workers this instance runs for enqueued and recurring jobs; positive. Default 2.</summary>
    public int WorkerCount { get; set; } = 2;
}
