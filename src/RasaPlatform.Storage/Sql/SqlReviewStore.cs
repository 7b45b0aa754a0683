using System.Data.Common;
using NodaTime;
using RasaPlatform.Core.Reviews;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Storage.Sql;

/// <summary>The review port over a relational engine: <c>conversation_reviews</c>, one row per conversation not unread.</summary>
/// <remarks>
/// A change finds the conversation and writes its row in one transaction; dialects lock the conversation row there,
/// so that a deletion cannot slip in between and leave a status behind for a conversation that is gone.
/// </remarks>
public abstract class SqlReviewStore(IClock clock) : IReviewStore
{
    private const string Clear = "DELETE FROM conversation_reviews WHERE conversation_id = @conversation";

    /// <summary>Setting the status a conversation has changes nothing, so that no listing change is recorded for it.</summary>
    private const string Upsert = """
        INSERT INTO conversation_reviews (conversation_id, review_status, reviewed_at_ms) VALUES (@conversation, @status, @now)
        ON CONFLICT (conversation_id) DO UPDATE SET review_status = excluded.review_status, reviewed_at_ms = excluded.reviewed_at_ms
        WHERE conversation_reviews.review_status <> excluded.review_status
        """;

    /// <summary>Opens a connection ready for use.</summary>
    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Finds the conversation's id by <c>@sender</c> inside a change's transaction, locking it where the dialect must.</summary>
    protected virtual string FindConversationForChange => FlagSqlText.FindConversation;

    /// <inheritdoc />
    public virtual async Task<bool> SetAsync(string senderId, ReviewStatus status, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(status))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, null);
        }

        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (await connection.ScalarAsync(transaction, FindConversationForChange, cancellationToken, ("sender", senderId)).ConfigureAwait(false) is not { } found)
        {
            return false;
        }

        var conversation = Convert.ToInt64(found, System.Globalization.CultureInfo.InvariantCulture);
        if (status == ReviewStatus.Unread)
        {
            await connection.ExecuteAsync(transaction, Clear, cancellationToken, ("conversation", conversation)).ConfigureAwait(false);
        }
        else
        {
            await connection.ExecuteAsync(
                transaction,
                Upsert,
                cancellationToken,
                ("conversation", conversation),
                ("status", (short)status),
                ("now", clock.GetCurrentInstant().ToUnixTimeMilliseconds())).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, ReviewStatus>> StatusesAsync(IReadOnlyCollection<string> senderIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(senderIds);
        var statuses = new Dictionary<string, ReviewStatus>(StringComparer.Ordinal);
        if (senderIds.Count == 0)
        {
            return statuses;
        }

        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in senderIds.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            var parameters = chunk.Select((s, i) => ("s" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), (object?)s)).ToArray();
            await using var command = connection.CreateCommand(
                $"""
                SELECT c.sender_id, COALESCE(r.review_status, 0)
                FROM conversations c LEFT JOIN conversation_reviews r ON r.conversation_id = c.id
                WHERE c.sender_id IN ({string.Join(", ", parameters.Select(p => "@" + p.Item1))})
                """,
                parameters);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                statuses[reader.GetString(0)] = (ReviewStatus)Convert.ToInt16(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return statuses;
    }
}
