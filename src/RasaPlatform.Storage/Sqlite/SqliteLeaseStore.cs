using System.Data.Common;
using NodaTime;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.Sqlite;

/// <summary>Leases in the SQLite file: exclusive among the processes that share the file.</summary>
public sealed class SqliteLeaseStore(SqliteConnections connections, IClock clock) : SqlLeaseStore(clock)
{
    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await connections.OpenAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>In the file's write queue, with every other store's writes.</summary>
    protected override Task<T> WriteAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken) =>
        connections.WriteExclusivelyAsync(write, cancellationToken);
}
