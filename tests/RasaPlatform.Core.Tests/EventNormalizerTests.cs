using System.Text.Json;
using NodaTime;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Tests;

public class EventNormalizerTests
{
    private static readonly Instant Received = Instant.FromUnixTimeSeconds(1_700_000_000);

    [Fact]
    public void Normalize_EventWithoutTimestamp_GetsReceiveTime()
    {
        var e = Normalize("""{"event":"action","name":"action_listen"}""");

        Assert.Equal(1_700_000_000d, e.Timestamp);
        Assert.Equal(1_700_000_000d, JsonDocument.Parse(e.Json).RootElement.GetProperty("timestamp").GetDouble());
    }

    [Fact]
    public void Normalize_KeepsUnknownFieldsAndNumberSpelling()
    {
        var e = Normalize("""{"event":"custom_x","timestamp":1692186822.4774666,"extra":{"a":[1,2.50]}}""");

        Assert.Equal("""{"event":"custom_x","timestamp":1692186822.4774666,"extra":{"a":[1,2.50]}}""", e.Json);
        Assert.Equal("custom_x", e.Type);
    }

    [Theory]
    [InlineData("""{"name":"x"}""", "body.event")]
    [InlineData("""{"event":""}""", "body.event")]
    [InlineData("""{"event":"user","timestamp":"soon"}""", "body.timestamp")]
    [InlineData("""42""", "body")]
    public void NormalizeBody_BadEvent_NamesTheField(string json, string field)
    {
        var error = Assert.Throws<InvalidEventException>(() => EventNormalizer.NormalizeBody(Parse(json), Received));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void NormalizeBody_Array_NamesTheIndexOfTheBadEvent()
    {
        var error = Assert.Throws<InvalidEventException>(() =>
            EventNormalizer.NormalizeBody(Parse("""[{"event":"user"},{"timestamp":1}]"""), Received));

        Assert.Equal("body[1].event", error.Field);
    }

    [Fact]
    public void Hash_EqualEvents_Equal_DifferentEvents_Differ()
    {
        var a = Normalize("""{"event":"user","timestamp":1,"text":"hi"}""");
        var b = Normalize("""{"event":"user","timestamp":1,"text":"hi"}""");
        var c = Normalize("""{"event":"user","timestamp":1,"text":"ho"}""");

        Assert.Equal(a.ContentHash, b.ContentHash);
        Assert.NotEqual(a.ContentHash, c.ContentHash);
    }

    [Fact]
    public void Normalize_EveryPrintableAsciiCharacter_StoredAsTheCompactWriterWritesIt()
    {
        for (var c = ' '; c < '\x7f'; c++)
        {
            var text = c switch { '"' => "\"\\\"\"", '\\' => "\"\\\\\"", _ => $"\"{c}\"" };
            var json = $$"""{"event":"user","timestamp":1,"text":{{text}},"k{{(c is '"' or '\\' ? "" : c.ToString())}}":[1,{"a":null}]}""";

            var e = Normalize(json);

            Assert.Equal(Rewritten(json), e.Json);
            Assert.Equal(EventNormalizer.Hash(e.Json), e.ContentHash);
        }
    }

    [Theory]
    [InlineData("""{ "event":"user","timestamp":1,"text":"a b"}""", """{"event":"user","timestamp":1,"text":"a b"}""")]
    [InlineData("""{"event":"user","timestamp":1,"text":"caf\u00e9 \/"}""", """{"event":"user","timestamp":1,"text":"café /"}""")]
    [InlineData("""{"event":"user","timestamp":1,"text":"👋"}""", """{"event":"user","timestamp":1,"text":"\uD83D\uDC4B"}""")]
    [InlineData("""{"event":"user",	"timestamp":1.50}""", """{"event":"user","timestamp":1.50}""")]
    public void Normalize_NotInStoredForm_WrittenCompactly(string received, string stored)
    {
        var e = Normalize(received);

        Assert.Equal(stored, e.Json);
        Assert.Equal(EventNormalizer.Hash(stored), e.ContentHash);
    }

    /// <summary>The event as the compact writer writes it, property by property.</summary>
    private static string Rewritten(string json)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, RawJson.CompactWriter))
        {
            writer.WriteStartObject();
            foreach (var property in Parse(json).EnumerateObject())
            {
                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static IncomingEvent Normalize(string json) => EventNormalizer.Normalize(Parse(json), Received, "body");

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
