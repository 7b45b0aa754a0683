using System.Buffers;
using System.Text;
using System.Text.Json;

namespace RasaPlatform.Benchmarks.Feeds;

/// <summary>
/// A message as Rasa's Pika event broker publishes it: the event's JSON with <c>sender_id</c> added as its first
/// top-level field (the data set's NDJSON lines already have this shape).
/// </summary>
/// <param name="SenderId">The conversation.</param>
/// <param name="Body">The message body, UTF-8 JSON.</param>
internal sealed record RasaMessage(string SenderId, byte[] Body)
{
    /// <summary>The broker's envelope field naming the conversation.</summary>
    public const string SenderField = "sender_id";

    /// <summary>The message of <paramref name="senderId"/>'s event <paramref name="eventJson"/> (an object).</summary>
    public static RasaMessage Of(string senderId, string eventJson) => new(senderId, BodyFor(senderId, Encoding.UTF8.GetBytes(eventJson)));

    /// <summary>
    /// The body Rasa sends for an event of <paramref name="senderId"/>: <c>sender_id</c> first, then the event's fields in
    /// their order and spelling (a <c>sender_id</c> the event had is replaced).
    /// </summary>
    /// <exception cref="JsonException"><paramref name="eventJson"/> is not JSON.</exception>
    /// <exception cref="ArgumentException"><paramref name="eventJson"/> is not an object.</exception>
    public static byte[] BodyFor(string senderId, ReadOnlySpan<byte> eventJson)
    {
        var reader = new Utf8JsonReader(eventJson);
        using var document = JsonDocument.ParseValue(ref reader);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("An event must be a JSON object.", nameof(eventJson));
        }

        var buffer = new ArrayBufferWriter<byte>(eventJson.Length + senderId.Length + 32);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(SenderField, senderId);
            foreach (var property in document.RootElement.EnumerateObject().Where(p => !p.NameEquals(SenderField)))
            {
                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The top-level <c>sender_id</c> string of a message body (read without parsing the rest when it comes first).</summary>
    /// <exception cref="InvalidDataException">The body is not an object with a string <c>sender_id</c>.</exception>
    public static string SenderOf(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new InvalidDataException("A message must be a JSON object.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isSender = reader.ValueTextEquals(SenderField);
                reader.Read();
                if (isSender && reader.TokenType == JsonTokenType.String)
                {
                    return reader.GetString()!;
                }

                reader.Skip();
            }
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("A message must be JSON: " + e.Message, e);
        }

        throw new InvalidDataException("The message has no string 'sender_id'.");
    }
}
