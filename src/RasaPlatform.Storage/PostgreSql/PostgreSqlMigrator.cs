using System.Data.Common;
using Microsoft.Extensions.Logging;
using NodaTime;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.PostgreSql;

/// <summary>Creates and upgrades the schema on the server; instances starting together take turns.</summary>
public sealed class PostgreSqlMigrator(PostgreSqlDataSource dataSource, IClock clock, ILogger<PostgreSqlMigrator> logger)
    : SqlMigrator(clock, logger)
{
    /// <summary>The advisory lock every instance takes while migrating: "rasa" + "migr" as two ASCII words.</summary>
    private const long LockKey = 0x72617361_6D696772;

    private const string Lock = "SELECT pg_advisory_xact_lock(@key)";

    protected override string Dialect => "PostgreSql";

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Creates the connection string's <c>Search Path</c> schema when it does not exist.</summary>
    protected override async Task PrepareAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (PostgreSqlSearchPath.FirstSchema(dataSource.SearchPath) is not { } schema)
        {
            return;
        }

        // Under the lock, because two concurrent CREATE SCHEMA IF NOT EXISTS can both miss and one then fails.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LockAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await using (var create = connection.CreateCommand($"CREATE SCHEMA IF NOT EXISTS {PostgreSqlSearchPath.Quote(schema)}"))
        {
            create.Transaction = transaction;
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task LockAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand(Lock, ("key", LockKey));
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
