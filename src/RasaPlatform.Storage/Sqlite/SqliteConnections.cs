using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace RasaPlatform.Storage.Sqlite;

/// <summary>Opens connections to the configured SQLite file with the settings every connection needs.</summary>
public sealed class SqliteConnections
{
    private readonly string _connectionString;
    private readonly string _pragmas;

    public SqliteConnections(IOptions<SqliteStoreOptions> options)
    {
        var path = Path.GetFullPath(options.Value.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        FilePath = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 60,
        }.ToString();

        // FULL makes each commit durable against power loss as well as process crashes: a 2xx means on disk.
        _pragmas = $"PRAGMA synchronous = FULL; PRAGMA busy_timeout = 60000; PRAGMA cache_size = -{options.Value.CacheSizeMiB * 1024};";
    }

    /// <summary>The absolute path of the database file.</summary>
    public string FilePath { get; }

    public async ValueTask<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
