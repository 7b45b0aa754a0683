using System.Text.Json;
using NodaTime;
using RasaPlatform.Core.Analytics;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Metadata;

namespace RasaPlatform.Core.Tests;

public class EventTimestampsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1517821726.211042)]
    [InlineData(253402128000)]
    public void Problem_WithinTheRange_IsNone(double seconds) => Assert.Null(EventTimestamps.Problem(seconds));

    [Theory]
    [InlineData(-1)]
    [InlineData(-1e300)]
    [InlineData(1e300)]
    [InlineData(9.2233720368547758e18)]   // 2^63
    [InlineData(1.8446744073709552e19)]   // 2^64
    [InlineData(1e30)]
    [InlineData(253402128000.001)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Problem_OutsideTheRange_SaysWhichRange(double seconds) =>
        Assert.Contains("9999-12-30T00:00:00Z", EventTimestamps.Problem(seconds), StringComparison.Ordinal);

    [Theory]
    [InlineData("1e300", "body.timestamp")]
    [InlineData("-0.5", "body.timestamp")]
    [InlineData("18446744073709551616", "body.timestamp")]
    public void Normalize_TimestampOutsideTheRange_NamesIt(string timestamp, string field)
    {
        var element = JsonDocument.Parse($$"""{"event":"user","timestamp":{{timestamp}}}""").RootElement;

        var error = Assert.Throws<InvalidEventException>(() => EventNormalizer.Normalize(element, Instant.FromUnixTimeSeconds(0), "body"));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void InstantOf_PlacesWhatIsOutsideAtTheNearestEnd() =>
        Assert.Equal(
            [Instant.FromUnixTimeSeconds(0), Instant.FromUnixTimeSeconds(0), Instant.FromUnixTimeSeconds(253_402_128_000), Instant.FromUnixTimeTicks(15_000_000)],
            [EventTimestamps.InstantOf(-1e300), EventTimestamps.InstantOf(double.NaN), EventTimestamps.InstantOf(1e300), EventTimestamps.InstantOf(1.5)]);

    /// <summary>
    /// Events stored before the range and the assistant rule were enforced (they reach the store only by older
    /// versions): the projection folds them without throwing, so one such conversation can never stop the job.
    /// </summary>
    [Fact]
    public void Projection_OfPoisonStoredBeforeTheRules_IsTotal()
    {
        StoredEvent[] events =
        [
            new(1, "user", 1e300, """{"event":"user","timestamp":1e300,"text":"far","parse_data":{"intent":{"name":"greet","confidence":0.9}},"metadata":{"assistant_id":"ok"}}"""),
            new(2, "action", -1e300, """{"event":"action","name":"utter_x","timestamp":-1e300,"policy":"RulePolicy","confidence":1}"""),
            new(3, "user", 1.8446744073709552e19, """{"event":"user","timestamp":18446744073709551616,"text":"\ud83d","metadata":{"assistant_id":"a\u0001b"}}"""),
            new(4, "session_started", 5, """{"event":"session_started","timestamp":5}"""),
        ];

        var metadata = MetadataBuilder.Build("poison", events);
        var facts = new ConversationFactsBuilder("poison");
        foreach (var e in events)
        {
            facts.Add(e);
        }

        var built = facts.Build();
        Assert.Equal("ok", metadata.AssistantId);   // the control character's name names nothing
        Assert.Equal(2, metadata.UserMessageCount);
        Assert.NotNull(built);
    }
}
