using System.Data.Common;

namespace RasaPlatform.Storage.Sql;

/// <summary>Deletion: the conversation rows first, then every row of theirs in the other tables, in one transaction.</summary>
/// <remarks>
/// Counts and sums (<c>name_counts</c>, <c>training_counts</c>, <c>tag_counts</c>, <c>analytics_*</c>,
/// <c>statistics_*</c>) are kept by triggers on the rows they count (the analytics sums, and on PostgreSQL the counts
/// too, through pending rows folded before commit: <see cref="FoldPendingAsync"/>), so deleting the rows takes the
/// conversations' share out of them in the same transaction. Metadata saves check that the conversation row still exists, so a fold claimed before the deletion
/// stores nothing after it; ids are never reused, so neither does it reach a conversation written again later.
/// </remarks>
public abstract partial class SqlConversationStore
{
    /// <summary>
    /// Every table other than <c>conversations</c> that holds rows of one conversation, by <c>conversation_id</c>.
    /// A new table of per-conversation rows is one more name here, or an entry of <see cref="MetadataRowTables"/>.
    /// </summary>
    internal static readonly IReadOnlyList<string> ConversationTables =
    [
        "events", "message_flags", "metadata_queue", .. MetadataRowTables.All.Select(t => t.Name), "conversation_metadata",
        "conversation_tags", "conversation_reviews", "intent_corrections",
    ];

    /// <inheritdoc />
    public virtual async Task<int> DeleteAsync(IReadOnlyList<string> senderIds, CancellationToken cancellationToken)
    {
        if (senderIds.Count == 0)
        {
            return 0;
        }

        // Ordinal order, as writers lock conversation rows.
        var senders = senderIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var ids = new List<long>();
        await using (var command = connection.CreateCommand(transaction, FindConversationsToDeleteSql(SetOf("senders"))))
        {
            BindSet(command, "senders", senders);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ids.Add(reader.GetInt64(0));
            }
        }

        if (ids.Count > 0)
        {
            foreach (var sql in DeleteRowsSql(SetOf("ids")).Prepend($"DELETE FROM conversations WHERE id IN ({SetOf("ids")})"))
            {
                await using var command = connection.CreateCommand(transaction, sql);
                BindSet(command, "ids", ids);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await FoldPendingAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        }

        // What a feed refused from these senders goes too; it may exist without a stored conversation.
        await using (var command = connection.CreateCommand(transaction, SqlFeedStore.DeleteRejectsOfSenders.Replace("{0}", SetOf("senders"), StringComparison.Ordinal)))
        {
            BindSet(command, "senders", senders);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return ids.Count;
    }

    /// <summary>
    /// Folds what the triggers left pending (the analytics sums, <see cref="PendingAnalytics"/>) before the deletion
    /// commits; a dialect that keeps more counts pending folds them here too.
    /// </summary>
    protected virtual Task FoldPendingAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        PendingAnalytics.FoldAsync(connection, transaction, cancellationToken);

    /// <summary>SQL for the set of values <see cref="BindSet{T}"/> binds to <c>@<paramref name="name"/></c>, as in <c>x IN (set)</c>.</summary>
    protected abstract string SetOf(string name);

    /// <summary>Binds <paramref name="values"/> to the parameter <see cref="SetOf"/> reads.</summary>
    protected abstract void BindSet<T>(DbCommand command, string name, IReadOnlyList<T> values);

    /// <summary>
    /// The statement returning the ids of the stored ones of the conversations in <paramref name="senders"/>, locking their
    /// rows where the dialect has row locks; the deletion then deletes them by id, conversation rows first.
    /// </summary>
    protected virtual string FindConversationsToDeleteSql(string senders) => $"SELECT id FROM conversations WHERE sender_id IN ({senders})";

    /// <summary>The statements deleting the rows of the conversations in <paramref name="ids"/> from the other tables.</summary>
    protected virtual IEnumerable<string> DeleteRowsSql(string ids) => ConversationTables.Select(table => DeleteRowsSql(table, ids));

    /// <summary>The statement deleting the rows of the conversations in <paramref name="ids"/> from <paramref name="table"/>.</summary>
    protected virtual string DeleteRowsSql(string table, string ids) => $"DELETE FROM {table} WHERE conversation_id IN ({ids})";
}
