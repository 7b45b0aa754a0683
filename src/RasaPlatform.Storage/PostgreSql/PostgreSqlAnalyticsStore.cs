using System.Data;
using System.Data.Common;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.PostgreSql;

/// <summary>Statistics and analytics from the server's bucket sums.</summary>
public sealed class PostgreSqlAnalyticsStore(PostgreSqlDataSource dataSource) : SqlAnalyticsStore
{
    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Repeatable read: the sums and the cut buckets' events are one snapshot.</summary>
    protected override async ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
}
