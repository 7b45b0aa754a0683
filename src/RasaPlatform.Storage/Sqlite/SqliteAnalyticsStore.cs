using System.Data.Common;
using Microsoft.Data.Sqlite;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.Sqlite;

/// <summary>Statistics and analytics from the SQLite file's bucket sums.</summary>
public sealed class SqliteAnalyticsStore(SqliteConnections connections) : SqlAnalyticsStore
{
    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await connections.OpenAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>A deferred transaction: a read snapshot in WAL that never blocks a writer.</summary>
    protected override ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));
}
