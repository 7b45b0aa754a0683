using RasaPlatform.Core.Reviews;

namespace RasaPlatform.Core.Storage;

/// <summary>Each conversation's review status (Rasa X 0.33): set by reviewers, never by new events.</summary>
/// <remarks>
/// Every conversation starts <see cref="ReviewStatus.Unread"/>. A status belongs to the stored conversation: it is
/// deleted with it, and a conversation written again after a deletion starts unread. The listing reads it live
/// (<c>review_status</c> in its items and filter); a change shows in the next listing.
/// </remarks>
public interface IReviewStore
{
    /// <summary>Sets the conversation's review status; setting the one it has changes nothing.</summary>
    /// <returns>False, changing nothing, when no conversation <paramref name="senderId"/> is stored.</returns>
    Task<bool> SetAsync(string senderId, ReviewStatus status, CancellationToken cancellationToken);

    /// <summary>The review status of each stored conversation among <paramref name="senderIds"/>; unknown ones are left out.</summary>
    Task<IReadOnlyDictionary<string, ReviewStatus>> StatusesAsync(IReadOnlyCollection<string> senderIds, CancellationToken cancellationToken);
}
