using Npgsql;

namespace RasaPlatform.Storage.PostgreSql;

/// <summary>Runs a whole transaction again when PostgreSQL chose it as the victim of a deadlock.</summary>
/// <remarks>
/// The server aborts the victim entirely, so a run that ended in a deadlock changed nothing and the next run starts
/// afresh. By then the other transaction holds the locks, and the next run waits for it rather than meeting it again.
/// </remarks>
internal static class PostgreSqlDeadlocks
{
    /// <summary>How many times a transaction runs at most before its deadlock reaches the caller.</summary>
    public const int Attempts = 5;

    /// <summary>Runs <paramref name="transaction"/>, again after each deadlock, up to <see cref="Attempts"/> times in all.</summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> transaction)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await transaction().ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < Attempts)
            {
            }
        }
    }
}
