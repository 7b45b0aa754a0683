using System.Data;
using System.Data.Common;
using System.Globalization;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.PostgreSql;

/// <summary>
/// The listing feed on the server: a position is the oldest transaction still running at a snapshot (its xmin).
/// </summary>
/// <remarks>
/// Identity values are drawn before commit, so a transaction may commit a change numbered below one already read. Every
/// transaction older than a snapshot's xmin had ended when the snapshot was taken, so its changes were visible to that
/// read; the next read takes every change of that xmin's transaction or a younger one, some of them again.
/// </remarks>
public sealed class PostgreSqlListingFeed(PostgreSqlDataSource dataSource) : SqlListingFeed
{
    protected override string PositionExpression => "pg_snapshot_xmin(pg_current_snapshot())::text::bigint";

    protected override string ChangedSince(long previous) =>
        string.Create(CultureInfo.InvariantCulture, $"c.xid >= '{previous}'::xid8");

    protected override string TextBytes => "convert_to(t.text, 'UTF8')";

    protected override string NowMilliseconds => "(extract(epoch FROM clock_timestamp()) * 1000)::bigint";

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenAsync(cancellationToken).ConfigureAwait(false);

    protected override async ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
}
