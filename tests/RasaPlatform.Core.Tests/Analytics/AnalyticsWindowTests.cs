using NodaTime;
using RasaPlatform.Core.Analytics;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Tests.Analytics;

public class AnalyticsWindowTests
{
    [Theory]
    [InlineData("PT1H", 3600)]
    [InlineData("PT15M", 900)]
    [InlineData("PT1.5S", 1.5)]
    [InlineData("PT0,5S", 0.5)]
    [InlineData("pt1h", 3600)]
    [InlineData("PT24H", 86400)]          // time units are fixed, even a day's worth
    [InlineData("P1DT12H", 129600)]       // a time part makes the whole window fixed, days as 24 h
    [InlineData("P1WT1H", 608400)]
    [InlineData(" PT1H30M ", 5400)]
    public void TryParse_IsoWithTimePart_IsFixed(string text, double seconds)
    {
        Assert.True(AnalyticsWindow.TryParse(text, out var window, out var problem), problem);

        Assert.False(window.IsCalendar);
        Assert.Equal(Duration.FromTicks((long)(seconds * NodaConstants.TicksPerSecond)), window.Fixed);
    }

    [Theory]
    [InlineData("P1D", 0, 0, 0, 1)]
    [InlineData("P1W", 0, 0, 1, 0)]
    [InlineData("P2W", 0, 0, 2, 0)]
    [InlineData("P1M", 0, 1, 0, 0)]
    [InlineData("P3M", 0, 3, 0, 0)]
    [InlineData("P1Y", 1, 0, 0, 0)]
    [InlineData("P1M15D", 0, 1, 0, 15)]
    [InlineData("p1d", 0, 0, 0, 1)]
    public void TryParse_IsoDateOnly_IsCalendar(string text, int years, int months, int weeks, int days)
    {
        Assert.True(AnalyticsWindow.TryParse(text, out var window, out var problem), problem);

        Assert.True(window.IsCalendar);
        Assert.Null(window.Fixed);
        Assert.Equal(new PeriodBuilder { Years = years, Months = months, Weeks = weeks, Days = days }.Build(), window.Calendar);
    }

    [Theory]
    [InlineData("1d", 0, 1)]
    [InlineData("2d", 0, 2)]
    [InlineData("2 days", 0, 2)]
    [InlineData("1w", 1, 0)]
    [InlineData("1wk, 3d", 1, 3)]
    [InlineData("+1d", 0, 1)]
    public void TryParse_PyTimeParseWholeWeeksAndDays_IsCalendar(string text, int weeks, int days)
    {
        Assert.True(AnalyticsWindow.TryParse(text, out var window, out var problem), problem);

        Assert.Equal(Period.FromWeeks(weeks) + Period.FromDays(days), window.Calendar);
    }

    [Theory]
    [InlineData("2h", 7200)]
    [InlineData("1.5h", 5400)]
    [InlineData("1:30", 90)]
    [InlineData("01:02:03:04", 93784)]
    [InlineData("2 days, 4:13:02", 187982)]
    [InlineData("1h/30m", 5400)]
    [InlineData(".5h", 1800)]
    [InlineData("1.11 minutes", 66)]
    [InlineData("1.5d", 129600)]           // fractional days are not whole local days
    [InlineData("1d 12h", 129600)]
    [InlineData("24h", 86400)]
    [InlineData("1.2 seconds", 1.2)]
    [InlineData("-0.0001h 30s", 30)]       // pytimeparse's sign quirk yields +30 s
    public void TryParse_OtherPyTimeParse_IsFixed(string text, double seconds)
    {
        Assert.True(AnalyticsWindow.TryParse(text, out var window, out var problem), problem);

        Assert.Equal(Duration.FromTicks((long)Math.Round(seconds * NodaConstants.TicksPerSecond)), window.Fixed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("1y")]
    [InlineData("4s3m")]
    [InlineData("1w1w")]
    [InlineData("1.2.3h")]
    [InlineData("0s")]            // zero: a bin needs a width
    [InlineData("0d")]
    [InlineData("00:00")]
    [InlineData("-1h")]           // negative
    [InlineData("-1d")]
    [InlineData("-1.5h 30s")]
    [InlineData("PT0S")]
    [InlineData("P0D")]
    [InlineData("PT-1H")]
    [InlineData("P-1D")]
    [InlineData("PT1H-30M")]
    [InlineData("P1MT1H")]        // months with a time part: neither calendar nor fixed
    [InlineData("P1YT1S")]
    [InlineData("P101Y")]         // longer than 100 years
    [InlineData("36526d")]
    [InlineData("5300w")]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("P1H")]           // hours need T
    public void TryParse_NotAWindow_SaysWhy(string? text)
    {
        Assert.False(AnalyticsWindow.TryParse(text, out var window, out var problem));

        Assert.Null(window);
        Assert.Contains("is not a window", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_LowerCaseIsoSeconds_IsSecondsNotNodaTimeMilliseconds()
    {
        Assert.True(AnalyticsWindow.TryParse("PT1s", out var window, out _));

        Assert.Equal(Duration.FromSeconds(1), window.Fixed);
    }

    [Fact]
    public void Parse_Blank_IsNoWindow() => Assert.Null(AnalyticsWindow.Parse("window", "  "));

    [Fact]
    public void Parse_Garbage_NamesTheField()
    {
        var error = Assert.Throws<InvalidEventException>(() => AnalyticsWindow.Parse("window", "soon"));

        Assert.Equal("window", error.Field);
        Assert.Contains("'soon'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromDuration_NotPositive_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => AnalyticsWindow.FromDuration(Duration.Zero));

    [Fact]
    public void FromPeriod_TimePart_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => AnalyticsWindow.FromPeriod(Period.FromHours(1)));

    [Theory]
    [InlineData("PT1H30M", "PT1H30M")]
    [InlineData("1:30", "PT1M30S")]
    [InlineData("P1W", "P1W")]
    [InlineData("1d", "P1D")]
    public void ToString_IsIso(string text, string expected) =>
        Assert.Equal(expected, AnalyticsWindow.Parse("window", text)!.ToString());

    [Fact]
    public void Equals_SameWidth() =>
        Assert.Equal(AnalyticsWindow.Parse("window", "PT1H"), AnalyticsWindow.Parse("window", "1h"));
}
