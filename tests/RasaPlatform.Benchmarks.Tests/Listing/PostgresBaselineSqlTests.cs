using Npgsql;
using RasaPlatform.Benchmarks.Run.Stores;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Benchmarks.Tests.Listing;

/// <summary>The baseline on PostgreSQL, in a schema of its own per test.</summary>
[RequiresPostgreSql]
public sealed class PostgresBaselineSqlTests : BaselineSqlContract
{
    private readonly string _schema = "bench_baseline_" + Guid.NewGuid().ToString("N")[..12];

    private protected override async Task<IBaselineTable> CreateTableAsync(byte[] events)
    {
        await using (var connection = new NpgsqlConnection(PostgreSqlServer.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA \"{_schema}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        var table = new PostgresRasaEventsTable(PostgreSqlServer.WithSchema(_schema));
        await table.CreateAsync(CancellationToken.None);
        await table.InsertAsync(GeneratedData.RasaRows(events), CancellationToken.None);
        return table;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await PostgreSqlServer.DropSchemaAsync(_schema);
    }
}
