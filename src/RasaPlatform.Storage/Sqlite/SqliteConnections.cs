using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using RasaPlatform.Core.Diagnostics;
using SQLitePCL;

namespace RasaPlatform.Storage.Sqlite;

/// <summary>
/// Opens connections to the configured SQLite file with the settings every connection needs, and queues this
/// process's writers to it.
/// </summary>
/// <remarks>
/// <para>
/// Two pools: <see cref="OpenAsync(CancellationToken)"/> gives connections with the configured page cache, for the queries that come back
/// to the same pages (listing, counts, metadata, writes); <see cref="OpenForScanAsync"/> gives connections with a small
/// one, for reading conversations' events whole. A scan touches each page once, so caching it only costs memory: a
/// 32 MiB conversation read through a connection of the first pool stayed in that connection's cache, and a read that
/// drew another pooled connection cached it again.
/// </para>
/// <para>
/// And one connection outside both: <see cref="OpenForBulkAsync"/>, for the few long statements that sort a whole
/// table (building an index, recomputing sums at the end of a catch-up). SQLite sorts in memory up to the connection's
/// page cache size before it spills sorted runs to temporary files, so on a pooled connection such a statement took its
/// full page cache twice over (at a million conversations, 65 MiB above the catch-up's own peak). Its sorts use no
/// helper threads (<c>PRAGMA threads</c>): each helper sorts in a buffer of that size of its own. At a million
/// conversations two helpers made the recompute's sorts a quarter shorter by hand, but in the benchmark the service's
/// peak rose 23 MiB above the folds' during the final pass with them, against 0–10 MiB without.
/// </para>
/// </remarks>
public sealed class SqliteConnections : IDisposable
{
    /// <summary>The page cache of a scan connection: enough for the B-tree's inner pages, in KiB.</summary>
    private const int ScanCacheKiB = 2048;

    /// <summary>
    /// The page cache of a bulk connection, in KiB, which is also what one of its sorts holds in memory before it
    /// spills: at a million conversations an index's keys then spill in a handful of runs, merged in one pass.
    /// </summary>
    private const int BulkCacheKiB = 8192;

    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly string _scanConnectionString;
    private readonly string _scanPragmas;
    private readonly string _bulkConnectionString;
    private readonly string _bulkPragmas;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    /// <param name="options">The file, the page cache of a pooled connection and SQLite's memory limit.</param>
    /// <param name="meters">When given, SQLite's memory is reported as gauges on the <see cref="RasaMetrics.MeterName"/> meter.</param>
    public SqliteConnections(IOptions<SqliteStoreOptions> options, IMeterFactory? meters = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = Path.GetFullPath(options.Value.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        FilePath = path;
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 60,
        };
        _connectionString = builder.ToString();

        // A pool is keyed by its connection string: scans never create the file (the migrator has), which keys theirs.
        builder.Mode = SqliteOpenMode.ReadWrite;
        _scanConnectionString = builder.ToString();

        // Unpooled: opened a few times per catch-up, and its memory is given back when it closes.
        builder.Pooling = false;
        _bulkConnectionString = builder.ToString();

        ArgumentOutOfRangeException.ThrowIfNegative(options.Value.MemoryLimitMiB, nameof(options));
        var limit = options.Value.MemoryLimitMiB * 1048576L;
        _pragmas = Pragmas(options.Value.CacheSizeMiB * 1024, limit);
        _scanPragmas = Pragmas(ScanCacheKiB, limit);
        _bulkPragmas = Pragmas(BulkCacheKiB, limit);
        if (meters is not null)
        {
            AddMemoryGauges(meters.Create(RasaMetrics.MeterName));
        }
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

    /// <summary>Opens a connection with the configured page cache.</summary>
    public ValueTask<SqliteConnection> OpenAsync(CancellationToken cancellationToken) =>
        OpenAsync(_connectionString, _pragmas, cancellationToken);

    /// <summary>Opens a connection for reading conversations' events whole, with a page cache of 2 MiB.</summary>
    public ValueTask<SqliteConnection> OpenForScanAsync(CancellationToken cancellationToken) =>
        OpenAsync(_scanConnectionString, _scanPragmas, cancellationToken);

    /// <summary>
    /// SQLite's own allocations in this process (page caches, sorters, statements): memory the .NET runtime's gauges do
    /// not see, and with a page cache per pooled connection, often the larger part of a busy service's.
    /// </summary>
    private static void AddMemoryGauges(Meter meter)
    {
        meter.CreateObservableGauge("rasa.sqlite.memory.used", () => raw.sqlite3_memory_used(), "By", "Memory SQLite holds now, in this process.");
        meter.CreateObservableGauge("rasa.sqlite.memory.peak", () => raw.sqlite3_memory_highwater(0), "By", "The most memory SQLite has held at once since the process started.");
    }

    /// <summary>
    /// Opens a connection of its own (not pooled) with a page cache of 8 MiB, for a statement that sorts a whole table;
    /// closing it frees its cache.
    /// </summary>
    public ValueTask<SqliteConnection> OpenForBulkAsync(CancellationToken cancellationToken) =>
        OpenAsync(_bulkConnectionString, _bulkPragmas, cancellationToken);

    /// <remarks>
    /// FULL makes each commit durable against power loss as well as process crashes: a 2xx means on disk. The soft heap
    /// limit, when configured, is the process's, set again by every connection (to the same value): without it each
    /// pooled connection's cache grows to its own size, together several times it.
    /// </remarks>
    private static string Pragmas(int cacheKiB, long softHeapLimit) => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"PRAGMA synchronous = FULL; PRAGMA busy_timeout = 60000; PRAGMA cache_size = -{cacheKiB};{(softHeapLimit > 0 ? $" PRAGMA soft_heap_limit = {softHeapLimit};" : "")}");

    private static async ValueTask<SqliteConnection> OpenAsync(string connectionString, string pragmas, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = pragmas;
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
