using Microsoft.Extensions.Options;
using Npgsql;
using RasaPlatform.Storage.PostgreSql;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Storage.Tests;

/// <summary>How the data source sets up its pool, and that a connection string's own setting wins.</summary>
public sealed class PostgreSqlDataSourceTests
{
    /// <summary>A session setting no statement of the service makes, to see whether a pooled connection was reset.</summary>
    private const string Marker = "123s";

    [PostgreSqlFact]
    public async Task Open_APooledConnection_IsNotReset()
    {
        await using var dataSource = New(PostgreSqlServer.ConnectionString + ";Maximum Pool Size=1");

        Assert.Equal(Marker, await SetThenShowAsync(dataSource));
    }

    [PostgreSqlFact]
    public async Task Open_WhenTheConnectionStringAsksForResets_ResetsAPooledConnection()
    {
        await using var dataSource = New(PostgreSqlServer.ConnectionString + ";Maximum Pool Size=1;No Reset On Close=false");

        Assert.NotEqual(Marker, await SetThenShowAsync(dataSource));
    }

    private static PostgreSqlDataSource New(string connectionString) =>
        new(Options.Create(new PostgreSqlStoreOptions { ConnectionString = connectionString }));

    /// <summary>Sets the marker on a connection, returns it to the pool, and reads the setting on the next open.</summary>
    private static async Task<string> SetThenShowAsync(PostgreSqlDataSource dataSource)
    {
        await using (var first = await dataSource.OpenAsync(CancellationToken.None))
        await using (var set = new NpgsqlCommand($"SET statement_timeout = '{Marker}'", first))
        {
            await set.ExecuteNonQueryAsync();
        }

        await using var second = await dataSource.OpenAsync(CancellationToken.None);
        await using var show = new NpgsqlCommand("SHOW statement_timeout", second);
        return (string)(await show.ExecuteScalarAsync())!;
    }
}
