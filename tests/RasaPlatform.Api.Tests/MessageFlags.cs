using System.Buffers;
using System.Text.Json;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Api.Tests;

/// <summary>The <c>is_flagged</c> field <c>/messages</c> and <c>/events</c> give every message event.</summary>
public static class MessageFlags
{
    /// <summary>
    /// Asserts that every message event of <paramref name="events"/> carries <c>is_flagged</c> exactly once, with the
    /// value <paramref name="flagged"/> gives for its timestamp, and that no other event carries it; returns the events
    /// with the field removed from the messages, for comparison with what was stored.
    /// </summary>
    public static JsonElement Stripped(JsonElement events, Func<double, bool> flagged)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var e in events.EnumerateArray())
            {
                var copies = e.EnumerateObject().Count(p => p.Name == FlaggedMessageJson.PropertyName);
                if (!EventTypes.IsMessage(e.GetProperty("event").GetString()!))
                {
                    Assert.True(copies == 0, $"a non-message event got is_flagged: {e.GetRawText()}");
                    e.WriteTo(writer);
                    continue;
                }

                Assert.True(copies == 1, $"a message should carry is_flagged once: {e.GetRawText()}");
                Assert.Equal(flagged(e.GetProperty("timestamp").GetDouble()), e.GetProperty(FlaggedMessageJson.PropertyName).GetBoolean());

                // Property by property: real events repeat names, which a JsonObject would refuse.
                writer.WriteStartObject();
                foreach (var property in e.EnumerateObject().Where(p => p.Name != FlaggedMessageJson.PropertyName))
                {
                    property.WriteTo(writer);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>As <see cref="Stripped(JsonElement, Func{double, bool})"/>, with no message flagged.</summary>
    public static JsonElement Stripped(JsonElement events) => Stripped(events, _ => false);
}
