using NodaTime;
using RasaPlatform.Core.Analytics;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Tests.Analytics;

public class AnalyticsArgumentsTests
{
    [Theory]
    [InlineData("Europe/Berlin")]
    [InlineData(" Asia/Kolkata ")]
    [InlineData("UTC")]
    public void Zone_IanaId(string id) => Assert.Equal(id.Trim(), AnalyticsArguments.Zone("tz", id).Id);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Zone_Blank_IsUtc(string? id) => Assert.Equal(DateTimeZone.Utc, AnalyticsArguments.Zone("tz", id));

    [Theory]
    [InlineData("Mars/Olympus")]
    [InlineData("europe/berlin")]
    [InlineData("+02:00")]
    public void Zone_Unknown_NamesTz(string id) =>
        Assert.Equal("tz", Assert.Throws<InvalidEventException>(() => AnalyticsArguments.Zone("tz", id)).Field);

    [Fact]
    public void Window_Garbage_NamesWindow() =>
        Assert.Equal("window", Assert.Throws<InvalidEventException>(() => AnalyticsArguments.Window("window", "1 fortnight")).Field);

    [Fact]
    public void Window_Blank_IsNull() => Assert.Null(AnalyticsArguments.Window("window", null));

    [Fact]
    public void Time_UnixOrIso() =>
        Assert.Equal(AnalyticsArguments.Time("start", "1704067200"), AnalyticsArguments.Time("start", "2024-01-01T00:00:00Z"));

    [Fact]
    public void Time_Garbage_NamesTheField() =>
        Assert.Equal("end", Assert.Throws<InvalidEventException>(() => AnalyticsArguments.Time("end", "tomorrow")).Field);

    [Fact]
    public void Range_EndBeforeStart_NamesEnd()
    {
        AnalyticsArguments.Range(Instant.FromUnixTimeSeconds(5), Instant.FromUnixTimeSeconds(5));

        Assert.Equal("end", Assert.Throws<InvalidEventException>(() =>
            AnalyticsArguments.Range(Instant.FromUnixTimeSeconds(5), Instant.FromUnixTimeSeconds(4))).Field);
    }

    [Theory]
    [InlineData(null, 3)]
    [InlineData(1, 1)]
    [InlineData(1000, 1000)]
    public void Limit_InBounds(int? value, int expected) => Assert.Equal(expected, AnalyticsArguments.Limit("limit", value));

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public void Limit_OutOfBounds_NamesLimit(int value) =>
        Assert.Equal("limit", Assert.Throws<InvalidEventException>(() => AnalyticsArguments.Limit("limit", value)).Field);
}
