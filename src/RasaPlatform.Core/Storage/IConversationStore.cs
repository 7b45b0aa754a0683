using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Storage;

/// <summary>The storage port: conversations as ordered lists of raw Rasa events.</summary>
/// <remarks>
/// Adapters keep every event exactly as given (<see cref="IncomingEvent.Json"/>) and return it unchanged, in arrival
/// order. A completed <see cref="WriteAsync"/> is durable. The port speaks in records and NodaTime types only, so that
/// a document store can implement it as well as a relational one.
/// </remarks>
public interface IConversationStore
{
    /// <summary>Applies the writes atomically: all of them are committed, or none is.</summary>
    /// <remarks>
    /// <see cref="WriteMode.Append"/> is idempotent: an event equal to one already stored for the conversation is
    /// skipped, counting multiplicity (a batch holding an event twice stores it twice the first time, never again).
    /// Writes to the same conversation in one call are applied in list order.
    /// </remarks>
    Task<IngestResult> WriteAsync(IReadOnlyList<ConversationWrite> writes, CancellationToken cancellationToken);

    /// <summary>The conversation's summary, or <see langword="null"/> when nothing is stored for it.</summary>
    Task<ConversationInfo?> FindAsync(string senderId, CancellationToken cancellationToken);

    /// <summary>The conversation's events in arrival order, filtered by <paramref name="query"/>.</summary>
    /// <remarks>Yields nothing for an unknown conversation; use <see cref="FindAsync"/> to tell the two apart.</remarks>
    IAsyncEnumerable<StoredEvent> ReadEventsAsync(string senderId, EventQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Every event of each stored one of the conversations, a conversation at a time: one read for all of them where
    /// the adapter can (a catch-up folds thousands of conversations per batch, and one query per conversation was most
    /// of its time on a server).
    /// </summary>
    /// <param name="senderIds">The conversations to read; distinct.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>
    /// Each stored conversation once, in no particular order, with all its events in arrival order; unknown ones are left out.
    /// By default one <see cref="ReadEventsAsync"/> per conversation.
    /// </returns>
    async IAsyncEnumerable<ConversationEvents> ReadConversationsAsync(
        IReadOnlyList<string> senderIds,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(senderIds);
        foreach (var senderId in senderIds)
        {
            var events = new List<StoredEvent>();
            await foreach (var e in ReadEventsAsync(senderId, EventQuery.All, cancellationToken).ConfigureAwait(false))
            {
                events.Add(e);
            }

            if (events.Count > 0)
            {
                yield return new ConversationEvents(senderId, events);
            }
        }
    }

    /// <summary>Deletes the conversations atomically; returns how many of them were stored.</summary>
    /// <remarks>
    /// Removes everything kept for a conversation: its events, message flags, tag links, metadata, search text,
    /// analytics facts and queue item, and with them its share of every count and sum, so that reads afterwards answer
    /// as if it had never been written. Ids that are unknown or repeated count once or not at all, so deleting again
    /// returns 0. A save of metadata folded before the deletion stores nothing for it; a conversation written after it
    /// starts afresh.
    /// </remarks>
    Task<int> DeleteAsync(IReadOnlyList<string> senderIds, CancellationToken cancellationToken);
}
