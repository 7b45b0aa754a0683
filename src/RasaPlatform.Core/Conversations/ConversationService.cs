using System.Text.Json;
using NodaTime;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Core.Conversations;

/// <summary>Ingests Rasa events and deletes conversations; reads go through <see cref="Dumps.DebugDumpService"/>, which streams them.</summary>
public sealed class ConversationService(IConversationStore store, IClock clock)
{
    /// <summary>The most ids one deletion takes: it is one transaction.</summary>
    public const int MaxDeletions = 1000;

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

    /// <summary>Deletes the conversation with everything kept for it.</summary>
    /// <returns>Whether it was stored, and is no longer.</returns>
    /// <exception cref="InvalidEventException">The id is not acceptable.</exception>
    public async Task<bool> DeleteAsync(string senderId, CancellationToken cancellationToken)
    {
        SenderIds.Validate(senderId);
        return await store.DeleteAsync([senderId], cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>Throws unless <see cref="DeleteAsync(IReadOnlyList{string}, string, CancellationToken)"/> accepts the ids.</summary>
    /// <exception cref="InvalidEventException">Too many ids, or an id is not acceptable (named with its index in <paramref name="field"/>).</exception>
    public static void ValidateDeletion(IReadOnlyList<string> senderIds, string field)
    {
        if (senderIds.Count > MaxDeletions)
        {
            throw new InvalidEventException(field, $"At most {MaxDeletions} conversations can be deleted at once; {senderIds.Count} were given.");
        }

        for (var i = 0; i < senderIds.Count; i++)
        {
            SenderIds.Validate(senderIds[i], $"{field}[{i}]");
        }
    }

    /// <summary>Deletes the conversations with these ids, with everything kept for them.</summary>
    /// <param name="senderIds">At most <see cref="MaxDeletions"/> ids; unknown and repeated ones are allowed.</param>
    /// <param name="field">The request field the ids came from, named with the index in a validation error.</param>
    /// <param name="cancellationToken">Cancels before the deletion commits.</param>
    /// <returns>How many of the conversations were stored, and are no longer.</returns>
    /// <exception cref="InvalidEventException">An id is not acceptable; nothing was deleted.</exception>
    public Task<int> DeleteAsync(IReadOnlyList<string> senderIds, string field, CancellationToken cancellationToken)
    {
        ValidateDeletion(senderIds, field);
        var distinct = senderIds.Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count == 0 ? Task.FromResult(0) : store.DeleteAsync(distinct, cancellationToken);
    }
}
