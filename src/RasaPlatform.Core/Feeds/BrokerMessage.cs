using System.Text.Json;
using NodaTime;
using RasaPlatform.Core.Conversations;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Feeds;

/// <summary>
/// A message of Rasa's event brokers (Pika's RabbitMQ body, a row of the SQL event broker's <c>data</c>): one event's
/// JSON with the conversation's <c>sender_id</c> added at the top level.
/// </summary>
/// <remarks>
/// The stored event leaves <c>sender_id</c> out: it is the broker's envelope, not part of the event, and without it
/// the event is byte for byte what Rasa's tracker store and tracker API hold. So an event that reaches us both through
/// the broker and through an import of the tracker store, or a tracker PUT, is stored once. The environment Pika sends
/// in <c>app_id</c> is not kept.
/// </remarks>
public static class BrokerMessage
{
    /// <summary>The top-level field naming the conversation.</summary>
    public const string SenderField = "sender_id";

    /// <summary>Reads one message body.</summary>
    /// <exception cref="InvalidEventException">
    /// The body is not a JSON object, has no valid <c>sender_id</c>, or holds an event every write path refuses.
    /// </exception>
    public static (string SenderId, IncomingEvent Event) Parse(ReadOnlyMemory<byte> body, Instant receivedAt)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new InvalidEventException("message", $"The message is not JSON: {Import.ImportRun.WithoutPosition(e.Message)}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidEventException("message", "The message must be a JSON object: an event with 'sender_id'.");
            }

            if (!root.TryGetProperty(SenderField, out var sender) || sender.ValueKind == JsonValueKind.Null)
            {
                throw new InvalidEventException(SenderField, "The message names no conversation: it has no 'sender_id'.");
            }

            if (!sender.TryGetText(out var senderId))
            {
                throw new InvalidEventException(SenderField, "'sender_id' must be a string of Unicode text.");
            }

            SenderIds.Validate(senderId, SenderField);
            return (senderId, EventNormalizer.Normalize(root, receivedAt, "message", SenderField));
        }
    }
}
