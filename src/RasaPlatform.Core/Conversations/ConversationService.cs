using System.Text.Json;
using NodaTime;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Storage;
using RasaPlatform.Core.Tracking;

namespace RasaPlatform.Core.Conversations;

/// <summary>Ingests Rasa events and reads conversations back.</summary>
public sealed class ConversationService(IConversationStore store, IClock clock)
{
    /// <summary>Validates and stores one event or a list of events for a conversation.</summary>
    /// <param name="senderId">The conversation.</param>
    /// <param name="body">One event object or an array of them.</param>
    /// <param name="mode">Append (idempotent) or replace.</param>
    /// <param name="cancellationToken">Cancels before the write commits.</param>
    /// <returns>What was stored, once it is durable.</returns>
    /// <exception cref="InvalidEventException">The id or an event is not acceptable; nothing was stored.</exception>
    public Task<IngestResult> IngestAsync(string senderId, JsonElement body, WriteMode mode, CancellationToken cancellationToken)
    {
        SenderIds.Validate(senderId);
        var events = EventNormalizer.NormalizeBody(body, clock.GetCurrentInstant());
        return store.WriteAsync([new ConversationWrite(senderId, mode, events)], cancellationToken);
    }

    /// <summary>Validates and stores a list of events for a conversation.</summary>
    /// <exception cref="InvalidEventException">The id or an event is not acceptable; nothing was stored.</exception>
    public Task<IngestResult> IngestAsync(string senderId, IReadOnlyList<JsonElement> events, WriteMode mode, CancellationToken cancellationToken)
    {
        SenderIds.Validate(senderId);
        var receivedAt = clock.GetCurrentInstant();
        var normalized = events.Select((e, i) => EventNormalizer.Normalize(e, receivedAt, $"body[{i}]")).ToList();
        return store.WriteAsync([new ConversationWrite(senderId, mode, normalized)], cancellationToken);
    }

    /// <summary>Reads a conversation's events up to <paramref name="query"/>'s bound and replays them.</summary>
    /// <returns>The conversation, or null when nothing is stored for <paramref name="senderId"/>.</returns>
    /// <exception cref="InvalidEventException">The id is not acceptable.</exception>
    public async Task<ConversationView?> ReadAsync(string senderId, EventQuery query, CancellationToken cancellationToken)
    {
        SenderIds.Validate(senderId);
        var events = new List<StoredEvent>();
        var replayer = new TrackerReplayer(senderId);
        await foreach (var stored in store.ReadEventsAsync(senderId, query, cancellationToken).ConfigureAwait(false))
        {
            events.Add(stored);
            replayer.Apply(stored);
        }

        if (events.Count == 0 && await store.FindAsync(senderId, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        return new ConversationView(events, replayer);
    }
}
