using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using RasaPlatform.Storage.Sqlite;

namespace RasaPlatform.Storage.Tests;

/// <summary>
/// The SQLite file's three kinds of connection: pooled with the configured page cache, pooled scans with a small one,
/// and unpooled bulk connections with a small one (a sort holds up to the page cache size in memory).
/// </summary>
public sealed class SqliteConnectionsTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"rasa-connections-tests-{Guid.NewGuid():N}.db");
    private readonly SqliteConnections _connections;

    public SqliteConnectionsTests() =>
        _connections = new SqliteConnections(Options.Create(new SqliteStoreOptions { Path = _path, CacheSizeMiB = 48, MemoryLimitMiB = 40 }));

    [Fact]
    public async Task EachKind_HasItsPageCache()
    {
        await using (var pooled = await _connections.OpenAsync(CancellationToken.None))
        {
            Assert.Equal(-48 * 1024, await PragmaAsync(pooled, "cache_size"));
        }

        await using (var scan = await _connections.OpenForScanAsync(CancellationToken.None))
        {
            Assert.Equal(-2048, await PragmaAsync(scan, "cache_size"));
        }

        await using var bulk = await _connections.OpenForBulkAsync(CancellationToken.None);
        Assert.Equal(-8192, await PragmaAsync(bulk, "cache_size"));
    }

    [Fact]
    public async Task ABulkConnection_IsNotPooled_SoNothingSetOnOneOutlivesIt()
    {
        await using (var first = await _connections.OpenAsync(CancellationToken.None))
        {
            // The file exists before a bulk connection opens it, as the migrator's connection makes it.
        }

        await using (var bulk = await _connections.OpenForBulkAsync(CancellationToken.None))
        {
            await using var set = bulk.CreateCommand();
            set.CommandText = "PRAGMA temp_store = MEMORY";
            await set.ExecuteNonQueryAsync();
            Assert.Equal(2, await PragmaAsync(bulk, "temp_store"));
        }

        await using (var pooled = await _connections.OpenAsync(CancellationToken.None))
        {
            await using var set = pooled.CreateCommand();
            set.CommandText = "PRAGMA temp_store = MEMORY";
            await set.ExecuteNonQueryAsync();
        }

        await using var again = await _connections.OpenForBulkAsync(CancellationToken.None);
        Assert.Equal(0, await PragmaAsync(again, "temp_store"));
        await using var pooledAgain = await _connections.OpenAsync(CancellationToken.None);
        Assert.Equal(2, await PragmaAsync(pooledAgain, "temp_store"));
    }

    [Fact]
    public async Task TheMemoryLimit_IsSqlitesSoftHeapLimit()
    {
        await using var connection = await _connections.OpenAsync(CancellationToken.None);

        Assert.Equal(40L * 1048576, await PragmaAsync(connection, "soft_heap_limit"));
    }

    public void Dispose()
    {
        // The limit is the process's: the other tests run without one, as the service does by default.
        using (var connection = new SqliteConnection($"Data Source={_path}"))
        {
            connection.Open();
            using var reset = connection.CreateCommand();
            reset.CommandText = "PRAGMA soft_heap_limit = 0";
            reset.ExecuteNonQuery();
        }

        _connections.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }

    private static async Task<long> PragmaAsync(SqliteConnection connection, string pragma)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {pragma}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
