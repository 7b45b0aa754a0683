using System.Data.Common;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.PostgreSql;

/// <summary>Conversations' folded assistants on the server.</summary>
public sealed class PostgreSqlConversationAssistants(PostgreSqlDataSource dataSource) : SqlConversationAssistants
{
    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenAsync(cancellationToken).ConfigureAwait(false);
}
