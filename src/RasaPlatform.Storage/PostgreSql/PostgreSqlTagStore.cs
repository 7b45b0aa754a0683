using System.Data.Common;
using NodaTime;
using Npgsql;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.PostgreSql;

/// <summary>Conversation tags on the server.</summary>
/// <remarks>
/// A link share-locks the conversation row, which every write of the conversation and its deletion lock first, and the
/// tag row, which a rename or deletion of the tag locks: those wait for the link to commit, and a link that waited
/// for them reads what they committed. Links of one tag do not block each other. The tag counts are folded before
/// commit, in the lock order of <see cref="PostgreSqlPendingCounts"/>; a deadlock all the same runs the change again.
/// </remarks>
public sealed class PostgreSqlTagStore(PostgreSqlDataSource dataSource, IClock clock, PostgreSqlDeadlocks deadlocks) : SqlTagStore(clock)
{
    protected override string LockForLink => " FOR SHARE";

    /// <summary>
    /// The tag's links locked in conversation order before they go, as a deletion of conversations locks its links
    /// (<see cref="PostgreSqlConversationStore"/>): a tag's deletion and a deletion of several of its conversations
    /// would otherwise each hold a link the other waits for.
    /// </summary>
    protected override string DeleteTagLinks => """
        DELETE FROM conversation_tags WHERE tag_id = @id AND conversation_id IN (
            SELECT conversation_id FROM conversation_tags WHERE tag_id = @id ORDER BY conversation_id FOR UPDATE)
        """;

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenAsync(cancellationToken).ConfigureAwait(false);

    protected override Task<T> WriteAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken) =>
        deadlocks.RetryAsync("a change of tags", write);

    protected override Task FoldPendingAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        PostgreSqlPendingCounts.FoldAsync(connection, transaction, cancellationToken);

    protected override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
