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
        CancellationToken cancellationToken) =>
        (await ConversationRows.GroupedAsync(
            connection,
            transaction,
            ids,
            list => $"SELECT conversation_id, review_status FROM conversation_reviews WHERE conversation_id IN ({list})",
            reader => (ReviewStatus)Convert.ToInt16(reader.GetValue(1), CultureInfo.InvariantCulture),
            cancellationToken).ConfigureAwait(false))
        .ToDictionary(r => r.Key, r => r.Value[0]);
}
