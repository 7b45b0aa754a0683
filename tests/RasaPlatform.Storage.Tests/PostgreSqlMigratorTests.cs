using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using RasaPlatform.Storage.PostgreSql;
using RasaPlatform.Storage.Tests.Infrastructure;
using RasaPlatform.Testing.PostgreSql;
using RasaPlatform.Testing;

namespace RasaPlatform.Storage.Tests;

/// <summary>What only the server migrator does: create the schema of its search path, and take turns with others.</summary>
public sealed class PostgreSqlMigratorTests : IAsyncLifetime
{
    private const string Schema = "Test_PostgreSqlMigratorTests";
    private readonly List<PostgreSqlDataSource> _dataSources = [];

    public Task InitializeAsync() => PostgreSqlServer.SkipReason is null ? PostgreSqlServer.DropSchemaAsync(Schema) : Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }

        if (PostgreSqlServer.SkipReason is null)
        {
            await PostgreSqlServer.DropSchemaAsync(Schema);
        }
    }

    [PostgreSqlFact]
    public async Task Migrate_SeveralInstancesAtOnceOnAMissingSchema_CreateItAndApplyEachScriptOnce()
    {
        var connectionString = PostgreSqlServer.WithSchema($"\"{Schema}\", public");
        var migrators = Enumerable.Range(0, 6).Select(_ => NewMigrator(connectionString)).ToList();
        using var start = new ManualResetEventSlim();

        var runs = migrators.Select(m => Task.Run(async () =>
        {
            start.Wait();
            await m.MigrateAsync(CancellationToken.None);
        })).ToArray();
        start.Set();
        await Task.WhenAll(runs);

        Assert.Equal(MigrationNames.Of("PostgreSql"), await AppliedAsync(connectionString));
        Assert.Equal(
            [
                "analytics_active", "analytics_active_units", "analytics_buckets", "analytics_grains", "analytics_pending_buckets", "analytics_pending_names",
                "analytics_pending_sessions", "api_tokens", "conversation_bucket_names", "conversation_buckets",
                "conversation_metadata", "conversation_names", "conversation_reviews", "conversation_sessions", "conversation_tags", "conversation_text",
                "conversation_user_range", "conversations", "deferred_maintenance", "events", "feed_positions", "feed_rejects", "intent_corrections", "listing_changes", "marker_applications", "marker_configuration_versions",
                "marker_configurations", "marker_pending_applications", "marker_pending_sessions", "marker_session_sums", "marker_sessions", "marker_sums", "message_flags", "metadata_queue", "name_counts",
                "name_counts_pending", "schema_migrations", "statistics_names", "statistics_totals", "tag_counts", "tag_counts_pending", "tags",
                "training_counts", "training_counts_pending",
            ],
            await TablesAsync());
    }

    private PostgreSqlMigrator NewMigrator(string connectionString)
    {
        var dataSource = new PostgreSqlDataSource(Options.Create(new PostgreSqlStoreOptions { ConnectionString = connectionString }));
        _dataSources.Add(dataSource);
        return new PostgreSqlMigrator(dataSource, FakeClock.At(2024, 3, 1), NullLogger<PostgreSqlMigrator>.Instance);
    }

    private static async Task<List<(long, string)>> AppliedAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT version, name FROM schema_migrations ORDER BY version", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(long, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt32(0), reader.GetString(1)));
        }

        return rows;
    }

    private static async Task<List<string>> TablesAsync()
    {
        await using var connection = new NpgsqlConnection(PostgreSqlServer.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = @schema ORDER BY table_name",
            connection);
        command.Parameters.AddWithValue("schema", Schema);
        await using var reader = await command.ExecuteReaderAsync();
        var tables = new List<string>();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }
}
