using System.Data.Common;
using NodaTime;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.PostgreSql;

/// <summary>Leases on the server: exclusive among every service instance that uses the database.</summary>
public sealed class PostgreSqlLeaseStore(PostgreSqlDataSource dataSource, IClock clock) : SqlLeaseStore(clock)
{
    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenAsync(cancellationToken).ConfigureAwait(false);
}
