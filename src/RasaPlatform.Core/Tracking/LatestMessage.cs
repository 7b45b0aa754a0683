using System.Buffers;
using System.Text;
using System.Text.Json;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Tracking;

/// <summary>Writes a tracker's <c>latest_message</c>: the parse data with the message's entities merged in.</summary>
internal static class LatestMessage
{
    /// <summary>What Rasa reports before any user message.</summary>
    private const string Empty = """{"intent":{},"entities":[],"text":null,"message_id":null,"metadata":{}}""";

    public static string Write(string? parseDataJson, IReadOnlyList<string> entities)
    {
        if (parseDataJson is null)
        {
            return Empty;
        }

        using var document = JsonDocument.Parse(parseDataJson);
        var buffer = new ArrayBufferWriter<byte>(parseDataJson.Length + 64);
        using (var writer = new Utf8JsonWriter(buffer, RawJson.CompactWriter))
        {
            writer.WriteStartObject();
            var wroteEntities = false;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.NameEquals("entities"))
                {
                    WriteEntities(writer, entities);
                    wroteEntities = true;
                }
                else
                {
                    property.WriteTo(writer);
                }
            }

            if (!wroteEntities)
            {
                WriteEntities(writer, entities);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteEntities(Utf8JsonWriter writer, IReadOnlyList<string> entities)
    {
        writer.WritePropertyName("entities");
        writer.WriteStartArray();
        foreach (var entity in entities)
        {
            writer.WriteRawValue(entity, skipInputValidation: true);
        }

        writer.WriteEndArray();
    }
}
