using System.Data;
using System.Data.Common;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.PostgreSql;

/// <summary>The raw export from the server.</summary>
public sealed class PostgreSqlRawConversationStore(PostgreSqlDataSource dataSource) : SqlRawConversationStore
{
    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Repeatable read: the count, the page and its events see one snapshot.</summary>
    protected override async ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
}
