using System.Data.Common;
using Npgsql;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.PostgreSql;

/// <summary>
/// Where a transaction on the server locks count and sum rows: the counts' and the analytics sums' pending changes
/// (migrations 022 and 016), folded in one fixed order before the transaction commits.
/// </summary>
/// <remarks>
/// <para>
/// The lock order every writing transaction follows, so that no two of them wait for each other:
/// </para>
/// <list type="number">
/// <item>conversation rows, in the ordinal order of their sender ids (writes update them, deletions lock them for
/// update, metadata saves key-share them, flag changes and tag links share one);</item>
/// <item>a tag row (links share it, its deletion and renaming lock it);</item>
/// <item>rows of those conversations in the other tables, which only holders of the conversation's lock write (and a
/// tag's deletion, which locks that tag's links in conversation order, as a conversation's deletion does);</item>
/// <item>count and sum rows, only here: <c>name_counts</c>, <c>training_counts</c>, <c>tag_counts</c>, then the
/// analytics sums in <see cref="PendingAnalytics.Statements"/>' order, each table's rows in key order by one
/// statement.</item>
/// </list>
/// <para>
/// Triggers only append to the pending tables, which have no keys to lock; a transaction sees only its own pending
/// rows, as every writer folds before committing.
/// </para>
/// </remarks>
internal static class PostgreSqlPendingCounts
{
    /// <summary>The count folds, in the lock order, then the emptying of their pending tables.</summary>
    public static readonly IReadOnlyList<string> Statements =
    [
        """
        INSERT INTO name_counts AS c (kind, name, assistant_id, conversations)
        SELECT kind, name, assistant_id, SUM(conversations) FROM name_counts_pending
        GROUP BY kind, name, assistant_id
        HAVING SUM(conversations) <> 0
        ORDER BY kind, name, assistant_id
        ON CONFLICT (kind, name, assistant_id) DO UPDATE SET conversations = c.conversations + excluded.conversations
        """,
        """
        INSERT INTO training_counts AS c (assistant_id, in_training_data, conversations)
        SELECT assistant_id, in_training_data, SUM(conversations) FROM training_counts_pending
        GROUP BY assistant_id, in_training_data
        HAVING SUM(conversations) <> 0
        ORDER BY assistant_id, in_training_data
        ON CONFLICT (assistant_id, in_training_data) DO UPDATE SET conversations = c.conversations + excluded.conversations
        """,
        """
        INSERT INTO tag_counts AS c (tag_id, conversations)
        SELECT tag_id, SUM(conversations) FROM tag_counts_pending
        GROUP BY tag_id
        HAVING SUM(conversations) <> 0
        ORDER BY tag_id
        ON CONFLICT (tag_id) DO UPDATE SET conversations = c.conversations + excluded.conversations
        """,
        "DELETE FROM name_counts_pending",
        "DELETE FROM training_counts_pending",
        "DELETE FROM tag_counts_pending",
    ];

    /// <summary>Folds the pending counts, then the pending analytics sums, in the open transaction: one round trip.</summary>
    public static async Task FoldAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch((NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        foreach (var sql in Statements.Concat(PendingAnalytics.Statements))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
