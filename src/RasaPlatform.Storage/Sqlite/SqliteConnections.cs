using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace RasaPlatform.Storage.Sqlite;

/// <summary>
/// Opens connections to the configured SQLite file with the settings every connection needs, and queues this
/// process's writers to it.
/// </summary>
public sealed class SqliteConnections : IDisposable
{
    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

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

    /// <summary>Runs <paramref name="write"/> once every write of this process started before it has finished.</summary>
    /// <remarks>
    /// SQLite has one writer at a time. Every store over this file writes through here, so writers of one process
    /// queue in process instead of spinning on the file lock (<c>busy_timeout</c>), which then only arbitrates between
    /// processes. <paramref name="write"/> must not call this again: the queue is not reentrant.
    /// </remarks>
    public async Task<T> WriteExclusivelyAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await write().ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose() => _writeLock.Dispose();

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
