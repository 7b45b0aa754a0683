using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;
using Npgsql;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage.PostgreSql;
using RasaPlatform.Storage.Sqlite;

namespace RasaPlatform.Benchmarks.Perf;

/// <summary>A fresh, migrated store on the engine being measured, and raw connections to the same database.</summary>
internal sealed class PerfStores(string engine, string sqlitePath, string schema)
{
    private readonly IOptions<SqliteStoreOptions> _sqlite = Options.Create(new SqliteStoreOptions { Path = sqlitePath });

    private string PostgresConnectionString =>
        new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("RASA_TEST_POSTGRES")
            ?? throw new InvalidOperationException("Set RASA_TEST_POSTGRES (build/postgres.sh prints it)."))
        { SearchPath = schema }.ConnectionString;

    public bool IsPostgres => engine == "postgres";

    /// <summary>Deletes what a previous run left and applies the migrations.</summary>
    public async Task<IConversationStore> CreateFreshAsync()
    {
        IStoreMigrator migrator;
        if (IsPostgres)
        {
            await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresConnectionString) { SearchPath = null }.ConnectionString))
            {
                await connection.OpenAsync().ConfigureAwait(false);
                await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
                await drop.ExecuteNonQueryAsync().ConfigureAwait(false);
            }

            var dataSource = new PostgreSqlDataSource(Options.Create(new PostgreSqlStoreOptions { ConnectionString = PostgresConnectionString }));
            migrator = new PostgreSqlMigrator(dataSource, SystemClock.Instance, NullLogger<PostgreSqlMigrator>.Instance);
            await migrator.MigrateAsync(CancellationToken.None).ConfigureAwait(false);
            return new PostgreSqlConversationStore(dataSource, SystemClock.Instance, new PostgreSqlDeadlocks(NullLogger<PostgreSqlDeadlocks>.Instance));
        }

        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(sqlitePath + suffix);
        }

        var connections = new SqliteConnections(_sqlite);
        migrator = new SqliteMigrator(connections, SystemClock.Instance, NullLogger<SqliteMigrator>.Instance);
        await migrator.MigrateAsync(CancellationToken.None).ConfigureAwait(false);
        return new SqliteConversationStore(connections, SystemClock.Instance);
    }

    /// <summary>A connection with the settings the store's own connections get.</summary>
    public async Task<DbConnection> OpenAsync()
    {
        if (IsPostgres)
        {
            var connection = new NpgsqlConnection(PostgresConnectionString);
            await connection.OpenAsync().ConfigureAwait(false);
            return connection;
        }

        return await new SqliteConnections(_sqlite).OpenAsync(CancellationToken.None).ConfigureAwait(false);
    }
}
