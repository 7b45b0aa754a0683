using System.Buffers;
using System.Text;
using System.Text.Json;

namespace RasaPlatform.Core.Events;

/// <summary>
/// Writes a stored message event with its <c>is_flagged</c> field, as Rasa X served messages and events, and with
/// <c>corrected_intent</c> when a person corrected the intent of the (user) message.
/// </summary>
/// <remarks>
/// The event's other bytes are written as stored. An <c>is_flagged</c> or <c>corrected_intent</c> field the event was
/// received with is replaced (or left out), never repeated. Events without one (nearly all) get the fields appended
/// before their closing brace, without being parsed: <see cref="EventNormalizer"/> writes names unescaped, so a stored
/// event can only hold a field if its text holds its quoted name or a <c>\u</c> escape, and only those are read token
/// by token.
/// </remarks>
public static class FlaggedMessageJson
{
    /// <summary>The field's name.</summary>
    public const string PropertyName = "is_flagged";

    /// <summary>The corrected intent's field.</summary>
    public const string CorrectedIntentName = "corrected_intent";

    private const string QuotedName = "\"" + PropertyName + "\"";

    private const string QuotedCorrectedIntentName = "\"" + CorrectedIntentName + "\"";

    /// <summary>Writes <paramref name="json"/>, a JSON object, as a value with <c>is_flagged</c> set to <paramref name="isFlagged"/>.</summary>
    /// <param name="writer">Receives the object as one value.</param>
    /// <param name="json">A stored event: a JSON object. Anything else is written unchanged.</param>
    /// <param name="isFlagged">The field's value.</param>
    /// <param name="correctedIntent">The message's corrected intent, written as <c>corrected_intent</c>; null for none.</param>
    public static void Write(Utf8JsonWriter writer, string json, bool isFlagged, string? correctedIntent = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(json);
        var fields = Fields(isFlagged, correctedIntent);
        if (json.Contains(QuotedName, StringComparison.Ordinal) || json.Contains(QuotedCorrectedIntentName, StringComparison.Ordinal)
            || json.Contains("\\u", StringComparison.Ordinal))
        {
            WriteReplacing(writer, Encoding.UTF8.GetBytes(json), fields);
        }
        else
        {
            WriteAppending(writer, json, fields);
        }
    }

    /// <summary>The fields to append, and the closing brace; constants for the messages without a correction (nearly all).</summary>
    private static string Fields(bool isFlagged, string? correctedIntent) => (isFlagged, correctedIntent) switch
    {
        (true, null) => QuotedName + ":true}",
        (false, null) => QuotedName + ":false}",
        _ => QuotedName + (isFlagged ? ":true," : ":false,") + QuotedCorrectedIntentName + ":" + JsonSerializer.Serialize(correctedIntent) + "}",
    };

    private static void WriteAppending(Utf8JsonWriter writer, ReadOnlySpan<char> json, string field)
    {
        var end = json.LastIndexOf('}');
        if (end < 0 || json.TrimStart() is not ['{', ..])
        {
            writer.WriteRawValue(json, skipInputValidation: true);
            return;
        }

        var head = json[..end].TrimEnd();
        var separator = head[^1] == '{' ? string.Empty : ",";
        var length = head.Length + separator.Length + field.Length;
        var buffer = ArrayPool<char>.Shared.Rent(length);
        try
        {
            head.CopyTo(buffer);
            separator.CopyTo(buffer.AsSpan(head.Length));
            field.CopyTo(buffer.AsSpan(head.Length + separator.Length));
            writer.WriteRawValue(buffer.AsSpan(0, length), skipInputValidation: true);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>Copies every top-level property but <c>is_flagged</c> and <c>corrected_intent</c> byte for byte, then appends the fields.</summary>
    private static void WriteReplacing(Utf8JsonWriter writer, byte[] utf8, string fields)
    {
        var reader = new Utf8JsonReader(utf8);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            writer.WriteRawValue(utf8, skipInputValidation: true);
            return;
        }

        var output = new ArrayBufferWriter<byte>(utf8.Length + 20);
        output.Write("{"u8);
        var empty = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var start = (int)reader.TokenStartIndex;
            var isField = reader.ValueTextEquals("is_flagged"u8) || reader.ValueTextEquals("corrected_intent"u8);
            reader.Read();
            reader.Skip();
            if (isField)
            {
                continue;
            }

            if (!empty)
            {
                output.Write(","u8);
            }

            output.Write(utf8.AsSpan(start, (int)reader.BytesConsumed - start));
            empty = false;
        }

        if (!empty)
        {
            output.Write(","u8);
        }

        output.Write(Encoding.UTF8.GetBytes(fields));
        writer.WriteRawValue(output.WrittenSpan, skipInputValidation: true);
    }
}
