using System.Data.Common;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.Sqlite;

/// <summary>Conversations' folded assistants in the SQLite file.</summary>
public sealed class SqliteConversationAssistants(SqliteConnections connections) : SqlConversationAssistants
{
    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
}
