using System.Data;
using System.Data.Common;
using System.Text;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.PostgreSql;

/// <summary>The listing on the server; the text filter is a LIKE that the pg_trgm GIN index answers.</summary>
/// <remarks>Every semi-join is written as <c>IN</c>: PostgreSQL's planner picks the join order from its statistics.</remarks>
public sealed class PostgreSqlConversationListing(PostgreSqlDataSource dataSource) : SqlConversationListing
{
    protected override string TextDriveCondition(string fragment, Func<object?, string> bind, bool byScan) =>
        $"m.conversation_id IN (SELECT conversation_id FROM conversation_text WHERE text LIKE {bind(LikePattern(fragment))})";

    /// <summary>
    /// The flagged ids as an array computed once: the planner then looks them up by key, even while its statistics
    /// still describe an empty (or never analysed) flag table, where it would otherwise probe every conversation.
    /// </summary>
    protected override string FlaggedCondition => "m.conversation_id = ANY (ARRAY(SELECT DISTINCT conversation_id FROM message_flags))";

    protected override string TextProbeCondition(string parameter) =>
        $"EXISTS (SELECT 1 FROM conversation_text t WHERE t.conversation_id = m.conversation_id AND strpos(t.text, {parameter}) > 0)";

    /// <summary><c>%fragment%</c>, with LIKE's wildcards and its escape character made literal.</summary>
    private static string LikePattern(string fragment)
    {
        var pattern = new StringBuilder(fragment.Length + 8).Append('%');
        foreach (var c in fragment)
        {
            _ = c is '%' or '_' or '\\' ? pattern.Append('\\').Append(c) : pattern.Append(c);
        }

        return pattern.Append('%').ToString();
    }

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Repeatable read: the page and its count see one snapshot.</summary>
    /// <remarks>
    /// The page runs without parallel workers: a first page reads a few dozen rows, and starting workers costs more than
    /// that. The count may use them again.
    /// </remarks>
    protected override async ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        await using var serial = connection.CreateCommand(transaction, "SET LOCAL max_parallel_workers_per_gather = 0");
        await serial.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return transaction;
    }

    protected override async Task BeforeCountAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var parallel = connection.CreateCommand(transaction, "SET LOCAL max_parallel_workers_per_gather TO DEFAULT");
        await parallel.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
