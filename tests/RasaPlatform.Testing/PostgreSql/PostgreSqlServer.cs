using Npgsql;

namespace RasaPlatform.Testing.PostgreSql;

/// <summary>Finds the PostgreSQL server the tests run against (Marten style: through an environment variable).</summary>
/// <remarks>
/// <c>RASA_TEST_POSTGRES</c> holds a full Npgsql connection string; <c>build/postgres.sh</c> starts a local server and
/// prints one. Without a reachable server the PostgreSQL tests are skipped, except under <c>CI=true</c>, where they fail.
/// </remarks>
public static class PostgreSqlServer
{
    public const string Variable = "RASA_TEST_POSTGRES";

    private static readonly Lazy<string?> Problem = new(Probe);

    /// <summary>True under <c>CI=true</c>: a missing server is then a failure, never a skip.</summary>
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why PostgreSQL tests are skipped, or null when they run (a server answers, or this is CI).</summary>
    public static string? SkipReason => InCi || Problem.Value is null
        ? null
        : $"{Problem.Value} Run build/postgres.sh and export {Variable} to run the PostgreSQL tests.";

    /// <summary>The server's connection string.</summary>
    /// <exception cref="InvalidOperationException">No server answers (under CI, this fails the tests).</exception>
    public static string ConnectionString => Problem.Value is { } problem
        ? throw new InvalidOperationException(
            $"PostgreSQL tests need a server{(InCi ? " under CI=true" : string.Empty)}: {problem} Run build/postgres.sh and export {Variable}.")
        : Environment.GetEnvironmentVariable(Variable)!;

    /// <summary>The server's connection string with <paramref name="schema"/> as the search path.</summary>
    public static string WithSchema(string schema) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = schema }.ConnectionString;

    /// <summary>Drops a schema and everything in it, if it exists.</summary>
    public static async Task DropSchemaAsync(string schema)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        // With the schema a service's Hangfire storage made beside it ({schema}_hangfire), if any.
        await using var command = new NpgsqlCommand(
            $"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE; DROP SCHEMA IF EXISTS \"{schema}_hangfire\" CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Drops a database and its connections. FORCE cannot end a backend of another role (an autovacuum worker runs as
    /// the superuser: 42501), which is gone a moment later, so the drop is tried again for a while.
    /// </summary>
    public static async Task DropDatabaseAsync(string database)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
                await command.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse && attempt < 30)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    private static string? Probe()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } connectionString)
        {
            return $"{Variable} is not set.";
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 5, Pooling = false };
            using var connection = new NpgsqlConnection(builder.ConnectionString);
            connection.Open();
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException or InvalidOperationException or TimeoutException)
        {
            return $"The server in {Variable} does not answer ({e.GetType().Name}: {e.Message}).";
        }
    }
}
