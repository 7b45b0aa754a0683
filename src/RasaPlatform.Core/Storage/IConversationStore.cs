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
}
