using Microsoft.Extensions.Logging;
using Npgsql;

namespace RasaPlatform.Storage.PostgreSql;

/// <summary>Runs a whole transaction again when PostgreSQL chose it as the victim of a deadlock, and counts and logs each time.</summary>
/// <remarks>
/// <para>
/// A safety net: writers take rows in one order (<see cref="PostgreSqlPendingCounts"/>), so a retry means a path that
/// breaks it; each one is a warning in the log, and <see cref="Retries"/> counts them for the process.
/// </para>
/// <para>
/// The server aborts the victim entirely, so a run that ended in a deadlock changed nothing and the next run starts
/// afresh. By then the other transaction holds the locks, and the next run waits for it rather than meeting it again.
/// </para>
/// </remarks>
public sealed partial class PostgreSqlDeadlocks(ILogger<PostgreSqlDeadlocks> logger)
{
    /// <summary>How many times a transaction runs at most before its deadlock reaches the caller.</summary>
    public const int Attempts = 5;

    private long _retries;

    /// <summary>How many transactions ran again after a deadlock since this instance was made (the process's, in the service).</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>
    /// Runs <paramref name="transaction"/>, again after each deadlock, up to <see cref="Attempts"/> times in all;
    /// <paramref name="what"/> names it in the log (e.g. "a deletion of 3 conversations").
    /// </summary>
    public async Task<T> RetryAsync<T>(string what, Func<Task<T>> transaction)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await transaction().ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < Attempts)
            {
                Retried(logger, what, attempt + 1, Attempts, Interlocked.Increment(ref _retries));
            }
        }
    }

    [LoggerMessage(
        EventId = 1,
        Level = LogLevel.Warning,
        Message = "PostgreSQL aborted {Transaction} to break a deadlock; it runs again (attempt {Attempt} of {Attempts}, {Retries} retries since start)")]
    private static partial void Retried(ILogger logger, string transaction, int attempt, int attempts, long retries);
}
