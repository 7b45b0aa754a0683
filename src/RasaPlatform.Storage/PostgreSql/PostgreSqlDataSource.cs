using Microsoft.Extensions.Options;
using Npgsql;

namespace RasaPlatform.Storage.PostgreSql;

/// <summary>The process's one connection pool to the configured server.</summary>
public sealed class PostgreSqlDataSource : IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgreSqlDataSource(IOptions<PostgreSqlStoreOptions> options)
    {
        var connectionString = options.Value.ConnectionString;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"{PostgreSqlStoreOptions.Section}:{nameof(PostgreSqlStoreOptions.ConnectionString)} is required for the PostgreSql storage provider.");
        }

        // Every query of the service is short and goes through an index. JIT compiled for hundreds of milliseconds
        // whenever the planner overestimated one (a fold over a pending table it believed large); a deployment that
        // wants it back puts its own "-c jit=on" in Options, which comes later and wins.
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? "-c jit=off" : "-c jit=off " + builder.Options;

        // The metadata job runs the same few statements for every batch, and reads repeat a few shapes: prepared
        // once per connection, they skip parsing and planning (the job folds twice as fast). A setting of its own wins.
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
        }

        // A connection goes back to the pool as it came: the service leaves no state in a session (its settings are
        // SET LOCAL, its advisory lock is the transaction's), and resetting one cost six statements at every open,
        // several opens per request. A setting of its own wins here too.
        if (!Names(connectionString, "No Reset On Close", "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        SearchPath = builder.SearchPath;
    }

    /// <summary>Whether <paramref name="connectionString"/> itself sets one of <paramref name="keywords"/>.</summary>
    private static bool Names(string connectionString, params string[] keywords)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return keywords.Any(given.ContainsKey);
    }

    /// <summary>The connection string's <c>Search Path</c>, or null when it has none.</summary>
    public string? SearchPath { get; }

    public ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) =>
        _dataSource.OpenConnectionAsync(cancellationToken);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();
}
