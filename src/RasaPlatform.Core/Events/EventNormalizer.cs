using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Runtime.InteropServices;
using NodaTime;
using RasaPlatform.Core.Access;

namespace RasaPlatform.Core.Events;

/// <summary>Validates received events and brings them into their stored form.</summary>
/// <remarks>
/// The stored form is the received object written compactly with every field in its received order and every number
/// in its received spelling. The one change: an event without <c>timestamp</c> gets the receive time, as Rasa does.
/// </remarks>
public static class EventNormalizer
{
    /// <summary>Printable ASCII except the backslash: bytes the compact writer copies as they are.</summary>
    private static readonly SearchValues<byte> PassThroughBytes = SearchValues.Create(
        Enumerable.Range(0x20, 0x7F - 0x20).Where(b => b != '\\').Select(b => (byte)b).ToArray());

    /// <summary>Reads one event or an array of events.</summary>
    /// <param name="body">A JSON object (one event) or array of objects.</param>
    /// <param name="receivedAt">Stamped on events that carry no <c>timestamp</c>.</param>
    /// <exception cref="InvalidEventException">The body or one of its events is not acceptable.</exception>
    public static IReadOnlyList<IncomingEvent> NormalizeBody(JsonElement body, Instant receivedAt)
    {
        switch (body.ValueKind)
        {
            case JsonValueKind.Object:
                return [Normalize(body, receivedAt, "body")];
            case JsonValueKind.Array:
                var events = new List<IncomingEvent>(body.GetArrayLength());
                var index = 0;
                foreach (var element in body.EnumerateArray())
                {
                    events.Add(Normalize(element, receivedAt, $"body[{index++}]"));
                }

                return events;
            default:
                throw new InvalidEventException("body", "The body must be an event object or an array of event objects.");
        }
    }

    /// <summary>Validates one event and returns its stored form.</summary>
    /// <param name="element">The event object.</param>
    /// <param name="receivedAt">Stamped on the event when it carries no <c>timestamp</c>.</param>
    /// <param name="path">Where the event sits in its input, for error messages.</param>
    /// <exception cref="InvalidEventException">
    /// Named by its field: no string <c>event</c>; a <c>timestamp</c> that is not a number within
    /// <see cref="EventTimestamps"/>' range; a <c>metadata.assistant_id</c> that could not name an assistant; text
    /// that is not Unicode (a lone surrogate escape) or holds a NUL.
    /// </exception>
    public static IncomingEvent Normalize(JsonElement element, Instant receivedAt, string path) =>
        Normalize(element, receivedAt, path, envelopeField: null);

    /// <summary>
    /// Validates one event that arrived with a field of its carrier beside its own (an event broker's <c>sender_id</c>)
    /// and returns its stored form without that field: what Rasa's tracker store keeps for the same event.
    /// </summary>
    /// <inheritdoc cref="Normalize(JsonElement, Instant, string)" path="/exception"/>
    public static IncomingEvent Normalize(JsonElement element, Instant receivedAt, string path, string? envelopeField)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidEventException(path, "An event must be a JSON object.");
        }

        try
        {
            return NormalizeObject(element, receivedAt, path, envelopeField);
        }
        catch (InvalidOperationException) when (InvalidText(element, path) is { } field)
        {
            // System.Text.Json refuses to unescape a lone surrogate ("\ud83d") into .NET text; Rasa's Python would
            // store it, but no JSON reader that checks its input could read the event back.
            throw new InvalidEventException(field, $"'{field}' holds a lone surrogate escape (such as \\ud83d), which is not Unicode text.");
        }
    }

    private static IncomingEvent NormalizeObject(JsonElement element, Instant receivedAt, string path, string? envelopeField)
    {
        var type = ReadType(element, path);
        var name = element.TryGetProperty("name", out var nameElement) && nameElement.ValueKind == JsonValueKind.String
            ? nameElement.GetString()
            : null;
        double? timestamp = null;
        if (element.TryGetProperty("timestamp", out var ts))
        {
            if (ts.ValueKind != JsonValueKind.Number || !ts.TryGetDouble(out var value))
            {
                throw new InvalidEventException($"{path}.timestamp", "'timestamp' must be a number of Unix seconds.");
            }

            if (EventTimestamps.Problem(value) is { } problem)
            {
                throw new InvalidEventException($"{path}.timestamp", problem);
            }

            timestamp = value;
        }

        CheckAssistant(element, path);

        // Most events arrive already in their stored form; then the received bytes are the stored bytes.
        var raw = JsonMarshal.GetRawUtf8Value(element);
        var dropsField = envelopeField is not null && element.TryGetProperty(envelopeField, out _);
        if (timestamp is { } received && !dropsField && IsStoredForm(raw))
        {
            return new IncomingEvent(type, received, Encoding.UTF8.GetString(raw), Hash(raw), name);
        }

        if (raw.IndexOf("\\u0000"u8) >= 0 && Nul(element, path) is { } field)
        {
            throw new InvalidEventException(field, $"'{field}' holds a NUL character (\\u0000), which PostgreSQL's text cannot hold.");
        }

        var stamped = timestamp ?? receivedAt.ToUnixTimeTicks() / (double)NodaConstants.TicksPerSecond;
        var buffer = WriteCompact(element, timestamp is null ? stamped : null, dropsField ? envelopeField : null);
        return new IncomingEvent(type, stamped, Encoding.UTF8.GetString(buffer.WrittenSpan), Hash(buffer.WrittenSpan), name);
    }

    /// <summary>The 64-bit content hash of an event's stored JSON.</summary>
    public static long Hash(string json) => Hash(Encoding.UTF8.GetBytes(json));

    /// <summary>The 64-bit content hash of an event's stored JSON, given as its UTF-8 bytes.</summary>
    public static long Hash(ReadOnlySpan<byte> utf8Json) => ContentHash.Of(utf8Json);

    /// <summary>
    /// Whether <see cref="WriteCompact"/> would write these exact bytes: printable ASCII without escapes (which the
    /// writer passes through unchanged) and no whitespace outside strings. Anything else takes the writer's path.
    /// </summary>
    private static bool IsStoredForm(ReadOnlySpan<byte> raw)
    {
        if (raw.ContainsAnyExcept(PassThroughBytes))
        {
            return false;
        }

        var inString = false;
        foreach (var b in raw)
        {
            if (b == (byte)'"')
            {
                inString = !inString;
            }
            else if (b == (byte)' ' && !inString)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Refuses a <c>metadata.assistant_id</c> that could not name an assistant anywhere else (a listing filter, a tag,
    /// a token's limit): the rule is <see cref="AssistantIds.Problem"/>. A JSON <c>null</c> names none, as an absent
    /// field does.
    /// </summary>
    private static void CheckAssistant(JsonElement element, string path)
    {
        if (!element.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object
            || !metadata.TryGetProperty(AssistantIds.Field, out var id) || id.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        var field = $"{path}.metadata.{AssistantIds.Field}";
        if (id.ValueKind != JsonValueKind.String)
        {
            throw new InvalidEventException(field, $"'{AssistantIds.Field}' must be a string naming the assistant.");
        }

        if (AssistantIds.Problem(id.GetString()) is { } problem)
        {
            throw new InvalidEventException(field, problem);
        }
    }

    /// <summary>The path of the first string or property name in <paramref name="element"/> holding U+0000; null when none does.</summary>
    private static string? Nul(JsonElement element, string path) => FirstString(element, path, text => text?.Contains('\0', StringComparison.Ordinal) == true);

    /// <summary>The path of the first string or property name in <paramref name="element"/> that is not Unicode text.</summary>
    private static string? InvalidText(JsonElement element, string path) => FirstString(element, path, text => text is null);

    /// <summary>
    /// The path of the first string or property name in <paramref name="element"/> that <paramref name="bad"/> finds
    /// bad; it is given null for one that is not Unicode text.
    /// </summary>
    private static string? FirstString(JsonElement element, string path, Func<string?, bool> bad)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return bad(element.TryGetText(out var text) ? text : null) ? path : null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FirstString(item, $"{path}[{index++}]", bad) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string? name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        name = null;
                    }

                    if (bad(name))
                    {
                        return name is null ? path : $"{path}.{name}";
                    }

                    if (FirstString(property.Value, $"{path}.{name}", bad) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static string ReadType(JsonElement element, string path)
    {
        if (!element.TryGetProperty("event", out var typeElement))
        {
            throw new InvalidEventException($"{path}.event", "An event must have an 'event' field naming its type.");
        }

        if (typeElement.ValueKind != JsonValueKind.String || typeElement.GetString() is not { Length: > 0 } type)
        {
            throw new InvalidEventException($"{path}.event", "'event' must be a non-empty string.");
        }

        return type;
    }

    private static ArrayBufferWriter<byte> WriteCompact(JsonElement element, double? addedTimestamp, string? droppedField)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, SkipValidation = true, Encoder = RawJson.Encoder }))
        {
            writer.WriteStartObject();
            foreach (var property in element.EnumerateObject())
            {
                if (droppedField is null || !property.NameEquals(droppedField))
                {
                    property.WriteTo(writer);
                }
            }

            if (addedTimestamp is { } value)
            {
                writer.WriteNumber("timestamp", value);
            }

            writer.WriteEndObject();
        }

        return buffer;
    }
}
