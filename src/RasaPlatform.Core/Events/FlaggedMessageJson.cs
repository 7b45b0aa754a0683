using System.Buffers;
using System.Text;
using System.Text.Json;

namespace RasaPlatform.Core.Events;

/// <summary>Writes a stored message event with its <c>is_flagged</c> field, as Rasa X served messages and events.</summary>
/// <remarks>
/// The event's other bytes are written as stored. An <c>is_flagged</c> field the event was received with is replaced,
/// never repeated. Events without one (nearly all) get the field appended before their closing brace, without being
/// parsed: <see cref="EventNormalizer"/> writes names unescaped, so a stored event can only hold the field if its text
/// holds <c>"is_flagged"</c> or a <c>\u</c> escape, and only those are read token by token.
/// </remarks>
public static class FlaggedMessageJson
{
    /// <summary>The field's name.</summary>
    public const string PropertyName = "is_flagged";

    private const string QuotedName = "\"" + PropertyName + "\"";

    /// <summary>Writes <paramref name="json"/>, a JSON object, as a value with <c>is_flagged</c> set to <paramref name="isFlagged"/>.</summary>
    /// <param name="writer">Receives the object as one value.</param>
    /// <param name="json">A stored event: a JSON object. Anything else is written unchanged.</param>
    /// <param name="isFlagged">The field's value.</param>
    public static void Write(Utf8JsonWriter writer, string json, bool isFlagged)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(json);
        if (json.Contains(QuotedName, StringComparison.Ordinal) || json.Contains("\\u", StringComparison.Ordinal))
        {
            WriteReplacing(writer, Encoding.UTF8.GetBytes(json), isFlagged);
        }
        else
        {
            WriteAppending(writer, json, isFlagged);
        }
    }

    private static void WriteAppending(Utf8JsonWriter writer, ReadOnlySpan<char> json, bool isFlagged)
    {
        var end = json.LastIndexOf('}');
        if (end < 0 || json.TrimStart() is not ['{', ..])
        {
            writer.WriteRawValue(json, skipInputValidation: true);
            return;
        }

        var head = json[..end].TrimEnd();
        var separator = head[^1] == '{' ? string.Empty : ",";
        var field = isFlagged ? QuotedName + ":true}" : QuotedName + ":false}";
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

    /// <summary>Copies every top-level property but <c>is_flagged</c> byte for byte, then appends the field.</summary>
    private static void WriteReplacing(Utf8JsonWriter writer, byte[] utf8, bool isFlagged)
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
            var isField = reader.ValueTextEquals("is_flagged"u8);
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

        output.Write(isFlagged ? "\"is_flagged\":true}"u8 : "\"is_flagged\":false}"u8);
        writer.WriteRawValue(output.WrittenSpan, skipInputValidation: true);
    }
}
