using System.Data.Common;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.PostgreSql;

/// <summary>The feeds' positions and rejected messages on the server.</summary>
public sealed class PostgreSqlFeedStore(PostgreSqlConversationStore conversations, PostgreSqlDataSource dataSource) : SqlFeedStore(conversations)
{
    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenAsync(cancellationToken).ConfigureAwait(false);
}
