using System.Data.Common;
using Microsoft.Data.Sqlite;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.Sqlite;

/// <summary>The raw export from the SQLite file, on a scan connection: it reads conversations' events whole.</summary>
public sealed class SqliteRawConversationStore(SqliteConnections connections) : SqlRawConversationStore
{
    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await connections.OpenForScanAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>A deferred transaction: a read snapshot in WAL that never blocks a writer.</summary>
    protected override ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));
}
