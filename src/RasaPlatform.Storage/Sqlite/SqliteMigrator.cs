using System.Data.Common;
using Microsoft.Extensions.Logging;
using NodaTime;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.Sqlite;

/// <summary>Creates and upgrades the SQLite file's schema; switches the file to WAL.</summary>
public sealed class SqliteMigrator(SqliteConnections connections, IClock clock, ILogger<SqliteMigrator> logger)
    : SqlMigrator(clock, logger)
{
    protected override string Dialect => "Sqlite";

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await connections.OpenAsync(cancellationToken).ConfigureAwait(false);

    protected override async Task PrepareAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand("PRAGMA journal_mode = WAL;");
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
