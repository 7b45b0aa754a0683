using Npgsql;
using RasaPlatform.Storage.PostgreSql;

namespace RasaPlatform.Storage.Tests;

/// <summary>What <see cref="PostgreSqlDeadlocks.RetryAsync{T}"/> runs again, and what it leaves to the caller.</summary>
public sealed class PostgreSqlDeadlocksTests
{
    [Fact]
    public async Task Retry_AfterDeadlocks_RunsAgainAndReturnsTheRunThatCommitted()
    {
        var runs = 0;

        var result = await PostgreSqlDeadlocks.RetryAsync(() => ++runs < 3 ? throw Failure(PostgresErrorCodes.DeadlockDetected) : Task.FromResult(runs));

        Assert.Equal(3, result);
        Assert.Equal(3, runs);
    }

    [Fact]
    public async Task Retry_OtherFailure_ReachesTheCallerAfterOneRun()
    {
        var runs = 0;

        var thrown = await Assert.ThrowsAsync<PostgresException>(() => PostgreSqlDeadlocks.RetryAsync<int>(() =>
        {
            runs++;
            throw Failure(PostgresErrorCodes.UniqueViolation);
        }));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, thrown.SqlState);
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task Retry_DeadlockEveryRun_ReachesTheCallerAfterTheLastAttempt()
    {
        var runs = 0;

        var thrown = await Assert.ThrowsAsync<PostgresException>(() => PostgreSqlDeadlocks.RetryAsync<int>(() =>
        {
            runs++;
            throw Failure(PostgresErrorCodes.DeadlockDetected);
        }));

        Assert.Equal(PostgresErrorCodes.DeadlockDetected, thrown.SqlState);
        Assert.Equal(PostgreSqlDeadlocks.Attempts, runs);
    }

    private static PostgresException Failure(string sqlState) => new("test failure", "ERROR", "ERROR", sqlState);
}
