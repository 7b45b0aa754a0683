using System.Data.Common;
using System.Globalization;
using RasaPlatform.Core.Reviews;

namespace RasaPlatform.Storage.Sql;

/// <summary>Reads the review statuses of a page of conversations, by id, in the page's transaction.</summary>
internal static class ConversationReviewRows
{
    /// <summary>The status of each conversation among <paramref name="ids"/> that is not unread.</summary>
    public static async Task<Dictionary<long, ReviewStatus>> OfConversationsAsync(
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyCollection<long> ids,
        CancellationToken cancellationToken)
    {
        var result = new Dictionary<long, ReviewStatus>();
        if (ids.Count == 0)
        {
            return result;
        }

        var idList = string.Join(", ", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)));
        await using var command = connection.CreateCommand(
            transaction,
            $"SELECT conversation_id, review_status FROM conversation_reviews WHERE conversation_id IN ({idList})");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result[reader.GetInt64(0)] = (ReviewStatus)Convert.ToInt16(reader.GetValue(1), CultureInfo.InvariantCulture);
        }

        return result;
    }
}
