using System.Data.Common;
using NodaTime;
using RasaPlatform.Core.Reviews;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.Sqlite;

/// <summary>Review statuses in the SQLite file; changes queue with every other write of this process, as flags do.</summary>
public sealed class SqliteReviewStore(SqliteConnections connections, IClock clock) : SqlReviewStore(clock)
{
    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await connections.OpenAsync(cancellationToken).ConfigureAwait(false);

    public override Task<bool> SetAsync(string senderId, ReviewStatus status, CancellationToken cancellationToken) =>
        connections.WriteExclusivelyAsync(() => base.SetAsync(senderId, status, cancellationToken), cancellationToken);
}
