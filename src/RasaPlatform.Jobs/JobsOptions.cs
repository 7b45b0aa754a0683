namespace RasaPlatform.Jobs;

/// <summary>The background jobs (configuration section <c>Jobs</c>).</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Whether this instance runs the jobs. Default true; several instances may all run them.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the metadata job starts, in milliseconds; positive. Default 250.</summary>
    public int MetadataIntervalMilliseconds { get; set; } = 250;
}
