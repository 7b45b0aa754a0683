namespace RasaPlatform.Jobs;

/// <summary>The background jobs (configuration section <c>Jobs</c>).</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Whether this instance runs the jobs. Default true; several instances may all run them.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How often the metadata job looks at its queue, in milliseconds; positive. Default 50: a conversation written
    /// waits for the next look before it is projected (125 ms on average at the former 250), and a look at an empty
    /// queue is one read.
    /// </summary>
    public int MetadataIntervalMilliseconds { get; set; } = 50;
}
