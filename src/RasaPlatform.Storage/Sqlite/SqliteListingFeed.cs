using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.Sqlite;

/// <summary>The listing feed of the SQLite file: a position is a sequence number of <c>listing_changes</c>.</summary>
/// <remarks>SQLite commits one writer at a time, so no change can appear below a sequence number already read.</remarks>
public sealed class SqliteListingFeed(SqliteConnections connections) : SqlListingFeed
{
    protected override string PositionExpression => "(SELECT COALESCE(MAX(seq), 0) FROM listing_changes)";

    protected override string ChangedSince(long previous) =>
        string.Create(CultureInfo.InvariantCulture, $"c.seq > {previous}");

    protected override string TextBytes => "CAST(t.text AS BLOB)";

    protected override string NowMilliseconds => "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await connections.OpenAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// A scan connection: the whole store read once would otherwise stay in a pooled connection's page cache (at a
    /// million conversations, 64 MiB kept after the listing index's load).
    /// </summary>
    protected override async ValueTask<DbConnection> OpenForScanAsync(CancellationToken cancellationToken) =>
        await connections.OpenForScanAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>A deferred transaction: a read snapshot in WAL, taken by its first statement, that never blocks a writer.</summary>
    protected override ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));
}
