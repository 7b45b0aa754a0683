using System.Buffers;
using System.Text;
using System.Text.Json;
using NodaTime;
using RasaPlatform.Core.Events;
using RasaPlatform.Testing;

namespace RasaPlatform.Core.Tests;

public class FlaggedMessageJsonTests
{
    [Theory]
    [InlineData(true, """{"event":"user","timestamp":1,"text":"hi"}""", """{"event":"user","timestamp":1,"text":"hi","is_flagged":true}""")]
    [InlineData(false, """{"event":"bot","timestamp":2.5,"data":{}}""", """{"event":"bot","timestamp":2.5,"data":{},"is_flagged":false}""")]
    [InlineData(true, "{}", """{"is_flagged":true}""")]
    public void Write_WithoutTheField_AppendsItToTheStoredBytes(bool flagged, string stored, string expected)
    {
        Assert.Equal(expected, Written(stored, flagged));
    }

    [Theory]
    [InlineData("""{"is_flagged":true,"event":"user","timestamp":1}""", """{"event":"user","timestamp":1,"is_flagged":false}""")]
    [InlineData("""{"event":"user","is_flagged":"yes","timestamp":1}""", """{"event":"user","timestamp":1,"is_flagged":false}""")]
    [InlineData("""{"event":"user","timestamp":1,"is_flagged":{"by":["x"]}}""", """{"event":"user","timestamp":1,"is_flagged":false}""")]
    [InlineData("""{"is_flagged":null,"event":"user","is_flagged":true}""", """{"event":"user","is_flagged":false}""")]
    [InlineData("""{"is_flagged":true}""", """{"is_flagged":false}""")]
    [InlineData("""{"is_\u0066lagged":true,"event":"bot"}""", """{"event":"bot","is_flagged":false}""")]
    public void Write_WithTheField_ReplacesEveryCopyAndKeepsTheRestAsStored(string stored, string expected)
    {
        Assert.Equal(expected, Written(stored, flagged: false));
    }

    [Theory]
    [InlineData("""{"event":"user","metadata":{"is_flagged":true},"text":"\"is_flagged\""}""")]
    [InlineData("""{"event":"bot","text":"caf\u00e9 \ud83d\ude00 \\u0041","data":{"custom":[1,2.50,-0.0,1e3]}}""")]
    [InlineData("""{"event":"user","parse_data":{"entities":[{"is_flagged":1}]},"text":"x"}""")]
    public void Write_FieldOnlyNestedOrEscapesElsewhere_AppendsToTheExactStoredBytes(string stored)
    {
        Assert.Equal(stored[..^1] + ""","is_flagged":true}""", Written(stored, flagged: true));
    }

    [Fact]
    public void Write_SeveralInAnArray_IsValidJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, RawJson.CompactWriter))
        {
            writer.WriteStartArray();
            FlaggedMessageJson.Write(writer, """{"event":"user","timestamp":1}""", isFlagged: true);
            FlaggedMessageJson.Write(writer, """{"is_flagged":true,"event":"bot","timestamp":2}""", isFlagged: false);
            writer.WriteRawValue("""{"event":"action","timestamp":3}""", skipInputValidation: true);
            writer.WriteEndArray();
        }

        var json = Encoding.UTF8.GetString(buffer.WrittenSpan);
        Assert.Equal("""[{"event":"user","timestamp":1,"is_flagged":true},{"event":"bot","timestamp":2,"is_flagged":false},{"event":"action","timestamp":3}]""", json);
        using var parsed = JsonDocument.Parse(json);
    }

    [Fact]
    public void Write_EveryMessageOfSharedData_IsItsStoredBytesWithTheFieldAppended()
    {
        var messages = 0;
        foreach (var file in SharedData.AllFiles())
        {
            using var document = JsonDocument.Parse(File.ReadAllText(SharedData.PathOf(file)));
            var records = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.EnumerateArray().ToList() : [document.RootElement];
            foreach (var record in records)
            {
                var tracker = record.TryGetProperty("tracker", out var t) ? t : record;
                foreach (var e in tracker.GetProperty("events").EnumerateArray())
                {
                    var stored = EventNormalizer.Normalize(e, Instant.FromUnixTimeSeconds(0), file);
                    if (!EventTypes.IsMessage(stored.Type))
                    {
                        continue;
                    }

                    messages++;
                    Assert.Equal(stored.Json[..^1] + ""","is_flagged":false}""", Written(stored.Json, flagged: false));
                }
            }
        }

        Assert.True(messages > 50, $"only {messages} messages in shared data");
    }

    [Theory]
    [InlineData("""{"event":"user","timestamp":1}""", "greet", """{"event":"user","timestamp":1,"is_flagged":false,"corrected_intent":"greet"}""")]
    [InlineData("""{"event":"user","corrected_intent":"old","timestamp":1}""", "new", """{"event":"user","timestamp":1,"is_flagged":false,"corrected_intent":"new"}""")]
    [InlineData("""{"event":"user","corrected_intent":"received","timestamp":1}""", null, """{"event":"user","timestamp":1,"is_flagged":false}""")]
    [InlineData("""{"event":"user","timestamp":1}""", "say \"hi\"", """{"event":"user","timestamp":1,"is_flagged":false,"corrected_intent":"say \u0022hi\u0022"}""")]
    public void Write_CorrectedIntent_IsAppendedAfterTheFlag_AndAReceivedOneNeverShows(string stored, string? intent, string expected)
    {
        Assert.Equal(expected, Written(stored, flagged: false, intent));
    }

    private static string Written(string stored, bool flagged, string? correctedIntent = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, RawJson.CompactWriter))
        {
            FlaggedMessageJson.Write(writer, stored, flagged, correctedIntent);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
