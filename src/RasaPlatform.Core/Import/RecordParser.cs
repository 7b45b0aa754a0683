using System.Text.Json;
using NodaTime;
using RasaPlatform.Core.Conversations;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Import;

/// <summary>Recognises a record's format and validates it.</summary>
/// <remarks>
/// An object with a <c>tracker</c> object is a MongoDB/Botfront conversation document; one with <c>events</c> is a
/// Rasa tracker dump; anything else is a single event that names its conversation in <c>sender_id</c>.
/// </remarks>
internal static class RecordParser
{
    /// <exception cref="InvalidEventException">The record or one of its events is not acceptable.</exception>
    public static ParsedRecord Parse(JsonElement record, Instant receivedAt)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidEventException("record", "A record must be a JSON object: a tracker, a conversation document or an event.");
        }

        if (record.TryGetProperty("tracker", out var tracker) && tracker.ValueKind == JsonValueKind.Object)
        {
            var senderId = OptionalString(tracker, "sender_id", "tracker.sender_id") ?? MongoId(record);
            return Conversation(senderId, "tracker.sender_id", tracker, "tracker.events", receivedAt);
        }

        if (record.TryGetProperty("events", out _))
        {
            return Conversation(RequiredSenderId(record), "sender_id", record, "events", receivedAt);
        }

        if (!record.TryGetProperty("event", out _) && !record.TryGetProperty("sender_id", out _))
        {
            throw new InvalidEventException("record", "Not a tracker {sender_id, events}, a conversation document {_id, tracker} or an event {event, sender_id}.");
        }

        var incoming = EventNormalizer.Normalize(record, receivedAt, "event");
        var sender = RequiredSenderId(record);
        SenderIds.Validate(sender);
        return new ParsedRecord(sender, false, [incoming]);
    }

    /// <summary>A whole conversation whose events come as separate JSON texts: a Rasa tracker store's rows.</summary>
    /// <exception cref="InvalidEventException">The sender id or an event (<c>events[i]</c>) is not acceptable.</exception>
    public static ParsedRecord Conversation(string senderId, IReadOnlyList<string> eventJsons, Instant receivedAt)
    {
        SenderIds.Validate(senderId, "sender_id");
        var events = new List<IncomingEvent>(eventJsons.Count);
        for (var i = 0; i < eventJsons.Count; i++)
        {
            var field = $"events[{i}]";
            using var document = ParseEvent(eventJsons[i], field);
            events.Add(EventNormalizer.Normalize(document.RootElement, receivedAt, field));
        }

        return new ParsedRecord(senderId, true, events);
    }

    private static JsonDocument ParseEvent(string json, string field)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidEventException(field, $"malformed JSON: {ImportRun.WithoutPosition(e.Message)}");
        }
    }

    private static ParsedRecord Conversation(string senderId, string senderField, JsonElement owner, string eventsField, Instant receivedAt)
    {
        SenderIds.Validate(senderId, senderField);
        var list = owner.GetProperty("events");
        if (list.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidEventException(eventsField, "'events' must be an array of events.");
        }

        var events = new List<IncomingEvent>(list.GetArrayLength());
        var index = 0;
        foreach (var element in list.EnumerateArray())
        {
            events.Add(EventNormalizer.Normalize(element, receivedAt, $"{eventsField}[{index++}]"));
        }

        return new ParsedRecord(senderId, true, events);
    }

    private static string RequiredSenderId(JsonElement record) =>
        OptionalString(record, "sender_id", "sender_id")
        ?? throw new InvalidEventException("sender_id", "The record has no sender id ('sender_id').");

    private static string? OptionalString(JsonElement owner, string name, string field)
    {
        if (!owner.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.TryGetText(out var text)
            ? text
            : throw new InvalidEventException(field, $"'{name}' must be a string of Unicode text.");
    }

    /// <summary>The document's <c>_id</c>: a string, or an ObjectId as mongoexport writes it (<c>{"$oid": "…"}</c>).</summary>
    private static string MongoId(JsonElement document)
    {
        if (document.TryGetProperty("_id", out var id))
        {
            if (id.TryGetText(out var text))
            {
                return text;
            }

            if (id.ValueKind == JsonValueKind.Object && id.TryGetProperty("$oid", out var oid) && oid.TryGetText(out var objectId))
            {
                return objectId;
            }
        }

        throw new InvalidEventException("tracker.sender_id", "The document has no sender id: neither 'tracker.sender_id' nor a string or {\"$oid\"} '_id'.");
    }
}
