namespace RasaPlatform.Benchmarks.Run.Mix;

/// <summary>Counts the service's log lines about deadlocks while it is watched.</summary>
/// <remarks>
/// The PostgreSQL store logs a warning with <see cref="RetryMarker"/> each time it runs a transaction again after
/// PostgreSQL aborted it to break a deadlock; a deadlock that reached a request or the metadata job shows as an error
/// whose exception names SQL state <see cref="DeadlockState"/>.
/// </remarks>
internal sealed class ServiceLogCounts : IDisposable
{
    /// <summary>The text of the store's warning for a retry after a deadlock.</summary>
    public const string RetryMarker = "to break a deadlock";

    /// <summary>PostgreSQL's SQL state for a deadlock.</summary>
    public const string DeadlockState = "40P01";

    private readonly ChildProcess _service;
    private long _retries;
    private long _errors;

    public ServiceLogCounts(ChildProcess service)
    {
        _service = service;
        _service.LineWritten += Count;
    }

    /// <summary>Retry warnings seen.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Lines naming the deadlock SQL state (errors: deadlocks that were not retried, or retried to no avail).</summary>
    public long Errors => Interlocked.Read(ref _errors);

    public void Dispose() => _service.LineWritten -= Count;

    private void Count(string line)
    {
        if (line.Contains(RetryMarker, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _retries);
        }
        else if (line.Contains(DeadlockState, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _errors);
        }
    }
}
