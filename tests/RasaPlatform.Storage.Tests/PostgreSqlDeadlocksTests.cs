using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using RasaPlatform.Storage.PostgreSql;

namespace RasaPlatform.Storage.Tests;

/// <summary>What <see cref="PostgreSqlDeadlocks.RetryAsync{T}"/> runs again, what it leaves to the caller, and what it counts.</summary>
public sealed class PostgreSqlDeadlocksTests
{
    private readonly PostgreSqlDeadlocks _deadlocks = new(NullLogger<PostgreSqlDeadlocks>.Instance);

    [Fact]
    public async Task Retry_AfterDeadlocks_RunsAgainAndReturnsTheRunThatCommitted()
    {
        var runs = 0;

        var result = await _deadlocks.RetryAsync("a test", () => ++runs < 3 ? throw Failure(PostgresErrorCodes.DeadlockDetected) : Task.FromResult(runs));

        Assert.Equal(3, result);
        Assert.Equal(3, runs);
        Assert.Equal(2, _deadlocks.Retries);
    }

    [Fact]
    public async Task Retry_OtherFailure_ReachesTheCallerAfterOneRun()
    {
        var runs = 0;

        var thrown = await Assert.ThrowsAsync<PostgresException>(() => _deadlocks.RetryAsync<int>("a test", () =>
        {
            runs++;
            throw Failure(PostgresErrorCodes.UniqueViolation);
        }));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, thrown.SqlState);
        Assert.Equal(1, runs);
        Assert.Equal(0, _deadlocks.Retries);
    }

    [Fact]
    public async Task Retry_DeadlockEveryRun_ReachesTheCallerAfterTheLastAttempt()
    {
        var runs = 0;

        var thrown = await Assert.ThrowsAsync<PostgresException>(() => _deadlocks.RetryAsync<int>("a test", () =>
        {
            runs++;
            throw Failure(PostgresErrorCodes.DeadlockDetected);
        }));

        Assert.Equal(PostgresErrorCodes.DeadlockDetected, thrown.SqlState);
        Assert.Equal(PostgreSqlDeadlocks.Attempts, runs);
        Assert.Equal(PostgreSqlDeadlocks.Attempts - 1, _deadlocks.Retries);
    }

    [Fact]
    public async Task Retry_AfterADeadlock_LogsAWarningNamingTheTransactionAndTheCount()
    {
        var logger = new ListLogger();
        var deadlocks = new PostgreSqlDeadlocks(logger);
        var runs = 0;

        await deadlocks.RetryAsync("a deletion of 3 conversations", () => ++runs < 2 ? throw Failure(PostgresErrorCodes.DeadlockDetected) : Task.FromResult(0));

        var (level, message) = Assert.Single(logger.Entries);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, level);
        Assert.Contains("a deletion of 3 conversations to break a deadlock", message, StringComparison.Ordinal);
        Assert.Contains("attempt 2 of 5, 1 retries", message, StringComparison.Ordinal);
    }

    private static PostgresException Failure(string sqlState) => new("test failure", "ERROR", "ERROR", sqlState);

    private sealed class ListLogger : Microsoft.Extensions.Logging.ILogger<PostgreSqlDeadlocks>
    {
        public List<(Microsoft.Extensions.Logging.LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(
            Microsoft.Extensions.Logging.LogLevel logLevel,
            Microsoft.Extensions.Logging.EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter) => Entries.Add((logLevel, formatter(state, exception)));
    }
}
