using RasaPlatform.Core.Feeds;

namespace RasaPlatform.Core.Storage;

/// <summary>
/// What the feeds from a running Rasa keep in the store: their events with their progress and their refused messages,
/// committed together, so a feed resumes exactly where its last commit left it.
/// </summary>
public interface IFeedStore
{
    /// <summary>
    /// Applies the writes as <see cref="IConversationStore.WriteAsync"/> does and, in the same transaction, records the
    /// feed's new position and its rejected messages: all of it is committed, or none.
    /// </summary>
    /// <remarks>
    /// A position only moves forward: a commit naming an earlier one than stored (another instance reading the same
    /// rows) leaves it. A rejected message is kept once per feed and body: a redelivered one is not counted again.
    /// </remarks>
    Task<IngestResult> CommitAsync(IReadOnlyList<ConversationWrite> writes, FeedProgress progress, CancellationToken cancellationToken);

    /// <summary>The position the feed's last commit recorded; null when it has none.</summary>
    Task<long?> PositionAsync(string feed, CancellationToken cancellationToken);

    /// <summary>Forgets the feed's position, so that it starts from the beginning next time.</summary>
    Task ForgetPositionAsync(string feed, CancellationToken cancellationToken);

    /// <summary>How many messages the feeds rejected, per feed.</summary>
    Task<IReadOnlyDictionary<string, long>> RejectCountsAsync(CancellationToken cancellationToken);

    /// <summary>The latest rejected messages, newest first; of one feed, or of every feed when <paramref name="feed"/> is null.</summary>
    Task<IReadOnlyList<StoredFeedReject>> RejectsAsync(string? feed, int limit, CancellationToken cancellationToken);
}
