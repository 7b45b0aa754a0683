using System.Data.Common;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.Sqlite;

/// <summary>The feeds' positions and rejected messages in the SQLite file; writes queue with every other write.</summary>
public sealed class SqliteFeedStore(SqliteConversationStore conversations, SqliteConnections connections) : SqlFeedStore(conversations)
{
    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await connections.OpenAsync(cancellationToken).ConfigureAwait(false);

    protected override Task<T> WriteAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken) =>
        connections.WriteExclusivelyAsync(write, cancellationToken);
}
