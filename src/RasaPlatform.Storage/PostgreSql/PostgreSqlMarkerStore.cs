using System.Data.Common;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.PostgreSql;

/// <summary>Marker configurations on the server.</summary>
/// <remarks>
/// A change locks the assistant's conversation rows in the ordinal order of their sender ids, as writes and deletions
/// lock them, before it bumps their revisions; a deadlock all the same runs the change again.
/// </remarks>
public sealed class PostgreSqlMarkerStore(PostgreSqlDataSource dataSource, PostgreSqlDeadlocks deadlocks) : SqlMarkerStore
{
    protected override string BumpRevisions => """
        UPDATE conversations SET revision = revision + 1
        WHERE id IN (
            SELECT c.id FROM conversations c JOIN conversation_metadata m ON m.conversation_id = c.id
            WHERE m.assistant_id = @assistant
            ORDER BY c.sender_id
            FOR UPDATE OF c)
        """;

    /// <summary>Folds in the lock order every writer follows (<see cref="PostgreSqlPendingCounts"/>).</summary>
    protected override Task FoldPendingAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        PostgreSqlPendingCounts.FoldAsync(connection, transaction, cancellationToken);

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenAsync(cancellationToken).ConfigureAwait(false);

    protected override Task<T> WriteAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken) =>
        deadlocks.RetryAsync("a change of markers", write);
}
