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
