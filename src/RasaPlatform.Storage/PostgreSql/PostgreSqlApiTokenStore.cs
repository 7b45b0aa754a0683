using System.Data.Common;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.PostgreSql;

/// <summary>API tokens on the server, shared by every service instance that uses the database.</summary>
public sealed class PostgreSqlApiTokenStore(PostgreSqlDataSource dataSource) : SqlApiTokenStore
{
    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenAsync(cancellationToken).ConfigureAwait(false);
}
