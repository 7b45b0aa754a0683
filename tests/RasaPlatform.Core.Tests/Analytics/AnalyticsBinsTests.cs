using NodaTime;
using NodaTime.Text;
using RasaPlatform.Core.Analytics;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Tests.Analytics;

public class AnalyticsBinsTests
{
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private static readonly DateTimeZone Kolkata = DateTimeZoneProviders.Tzdb["Asia/Kolkata"];

    [Fact]
    public void Create_NoWindow_TenBinsOfTheCeilingOfATenthInWholeSeconds()
    {
        var bins = AnalyticsBins.Create(At("2024-01-01T00:00:00Z"), At("2024-01-01T00:01:40.5Z"), null, DateTimeZone.Utc);

        Assert.Equal(10, bins.Count);
        Assert.All(bins, b => Assert.Equal(Duration.FromSeconds(11), b.Width)); // ceil(100.5 / 10)
        Assert.Equal(At("2024-01-01T00:00:00Z"), bins.Start);
        Assert.Equal(At("2024-01-01T00:01:50Z"), bins.End);
    }

    [Fact]
    public void Create_NoWindowEmptyRange_TenOneSecondBins()
    {
        var bins = AnalyticsBins.Create(At("2024-01-01T00:00:00Z"), At("2024-01-01T00:00:00Z"), null, DateTimeZone.Utc);

        Assert.Equal(10, bins.Count);
        Assert.All(bins, b => Assert.Equal(Duration.FromSeconds(1), b.Width));
    }

    [Fact]
    public void Create_FixedWindow_StepsFromStartAndCoversEnd()
    {
        var bins = AnalyticsBins.Create(At("2024-01-01T10:00:07Z"), At("2024-01-01T10:10:07Z"), Window("1:30"), Berlin);

        Assert.Equal(7, bins.Count); // ceil(600 / 90)
        Assert.Equal(At("2024-01-01T10:00:07Z"), bins[0].Start);
        Assert.Equal(At("2024-01-01T10:01:37Z"), bins[0].End);
        Assert.Equal(At("2024-01-01T10:00:52Z"), bins[0].Center);
        Assert.Equal(At("2024-01-01T10:10:37Z"), bins.End);
        Assert.All(bins, b => Assert.Equal(Duration.FromSeconds(90), b.Width));
    }

    [Fact]
    public void Create_FixedWindowEndOnABoundary_NoExtraBin()
    {
        var bins = AnalyticsBins.Create(At("2024-01-01T00:00:00Z"), At("2024-01-01T03:00:00Z"), Window("PT1H"), DateTimeZone.Utc);

        Assert.Equal(3, bins.Count);
        Assert.Equal(At("2024-01-01T03:00:00Z"), bins.End);
    }

    [Fact]
    public void Create_FixedWindowEmptyRange_OneBin()
    {
        var bins = AnalyticsBins.Create(At("2024-01-01T00:00:00Z"), At("2024-01-01T00:00:00Z"), Window("PT1H"), DateTimeZone.Utc);

        Assert.Single(bins);
    }

    [Fact]
    public void Create_FixedWindowIgnoresDst_BinsAreAlwaysOneHour()
    {
        var bins = AnalyticsBins.Create(At("2024-03-30T22:00:00Z"), At("2024-03-31T04:00:00Z"), Window("1h"), Berlin);

        Assert.Equal(6, bins.Count);
        Assert.All(bins, b => Assert.Equal(Duration.FromHours(1), b.Width));
    }

    [Theory]
    [InlineData("P1D")]
    [InlineData("1d")]
    public void Create_BerlinSpringForward_DayBinIs23Hours(string window)
    {
        var bins = AnalyticsBins.Create(At("2024-03-30T10:00:00Z"), At("2024-04-01T10:00:00Z"), Window(window), Berlin);

        Assert.Equal(
            [At("2024-03-29T23:00:00Z"), At("2024-03-30T23:00:00Z"), At("2024-03-31T22:00:00Z")],
            bins.Select(b => b.Start));
        Assert.Equal([24, 23, 24], bins.Select(b => b.Width.TotalHours));
        Assert.Equal(At("2024-04-01T22:00:00Z"), bins.End);
    }

    [Fact]
    public void Create_BerlinFallBack_DayBinIs25Hours()
    {
        var bins = AnalyticsBins.Create(At("2024-10-27T12:00:00Z"), At("2024-10-27T12:00:00Z"), Window("P1D"), Berlin);

        var day = Assert.Single(bins);
        Assert.Equal(At("2024-10-26T22:00:00Z"), day.Start);
        Assert.Equal(At("2024-10-27T23:00:00Z"), day.End);
        Assert.Equal(25, day.Width.TotalHours);
    }

    [Fact]
    public void Create_NewYork_23And25HourDays()
    {
        var spring = AnalyticsBins.Create(At("2024-03-10T12:00:00Z"), At("2024-03-10T12:00:00Z"), Window("P1D"), NewYork);
        var autumn = AnalyticsBins.Create(At("2024-11-03T12:00:00Z"), At("2024-11-03T12:00:00Z"), Window("P1D"), NewYork);

        Assert.Equal(At("2024-03-10T05:00:00Z"), spring[0].Start);
        Assert.Equal(23, spring[0].Width.TotalHours);
        Assert.Equal(At("2024-11-03T04:00:00Z"), autumn[0].Start);
        Assert.Equal(25, autumn[0].Width.TotalHours);
    }

    [Fact]
    public void Create_Kolkata_DaysStartAtLocalMidnightHalfAnHourOffTheHour()
    {
        var bins = AnalyticsBins.Create(At("2024-01-01T00:00:00Z"), At("2024-01-02T00:00:00Z"), Window("P1D"), Kolkata);

        Assert.Equal([At("2023-12-31T18:30:00Z"), At("2024-01-01T18:30:00Z")], bins.Select(b => b.Start));
        Assert.Equal(At("2024-01-02T18:30:00Z"), bins.End);
    }

    [Fact]
    public void Create_UtcDayEndingAtMidnight_NoExtraBin()
    {
        var bins = AnalyticsBins.Create(At("2024-01-01T06:00:00Z"), At("2024-01-03T00:00:00Z"), Window("P1D"), DateTimeZone.Utc);

        Assert.Equal(2, bins.Count);
        Assert.Equal(At("2024-01-01T00:00:00Z"), bins.Start);
        Assert.Equal(At("2024-01-03T00:00:00Z"), bins.End);
    }

    [Fact]
    public void Create_Month_StartsOnTheFirstAndLastsTheMonth()
    {
        // The range ends at local midnight of 1 April, so March is the last bin.
        var bins = AnalyticsBins.Create(At("2024-01-15T00:00:00Z"), At("2024-03-31T22:00:00Z"), Window("P1M"), Berlin);

        Assert.Equal(
            [At("2023-12-31T23:00:00Z"), At("2024-01-31T23:00:00Z"), At("2024-02-29T23:00:00Z")],
            bins.Select(b => b.Start));
        Assert.Equal(At("2024-03-31T22:00:00Z"), bins.End); // April begins in summer time
        Assert.Equal([31 * 24, 29 * 24, (31 * 24) - 1], bins.Select(b => b.Width.TotalHours));
    }

    [Fact]
    public void Create_Year_StartsOnTheFirstOfJanuary()
    {
        var bins = AnalyticsBins.Create(At("2023-06-01T00:00:00Z"), At("2024-06-01T00:00:00Z"), Window("P1Y"), DateTimeZone.Utc);

        Assert.Equal([At("2023-01-01T00:00:00Z"), At("2024-01-01T00:00:00Z")], bins.Select(b => b.Start));
        Assert.Equal(366, bins[1].Width.TotalDays);
    }

    [Theory]
    [InlineData("1w", 7)]
    [InlineData("P1W", 7)]
    [InlineData("P2W", 14)]
    public void Create_Weeks_StartOnMonday(string window, int days)
    {
        // 2024-01-03 is a Wednesday; its ISO week starts on Monday 2024-01-01.
        var bins = AnalyticsBins.Create(At("2024-01-03T12:00:00Z"), At("2024-01-20T00:00:00Z"), Window(window), DateTimeZone.Utc);

        Assert.Equal(At("2024-01-01T00:00:00Z"), bins.Start);
        Assert.All(bins, b => Assert.Equal(IsoDayOfWeek.Monday, b.Start.InUtc().DayOfWeek));
        Assert.All(bins, b => Assert.Equal(days, b.Width.TotalDays));
    }

    [Fact]
    public void Create_WeeksAndDays_StartOnTheDayItself()
    {
        var bins = AnalyticsBins.Create(At("2024-01-03T12:00:00Z"), At("2024-01-20T00:00:00Z"), Window("1w 2d"), DateTimeZone.Utc);

        Assert.Equal([At("2024-01-03T00:00:00Z"), At("2024-01-12T00:00:00Z")], bins.Select(b => b.Start));
        Assert.Equal(At("2024-01-21T00:00:00Z"), bins.End);
    }

    [Fact]
    public void Create_DayWithoutMidnight_StartsAtItsFirstInstant()
    {
        // Beirut moved its clocks from 00:00 to 01:00 on 2022-03-27: that day starts at 01:00 local, 22:00 UTC.
        var beirut = DateTimeZoneProviders.Tzdb["Asia/Beirut"];

        var bins = AnalyticsBins.Create(At("2022-03-27T06:00:00Z"), At("2022-03-27T06:00:00Z"), Window("P1D"), beirut);

        var day = Assert.Single(bins);
        Assert.Equal(At("2022-03-26T22:00:00Z"), day.Start);
        Assert.Equal(new LocalTime(1, 0), day.Start.InZone(beirut).TimeOfDay);
        Assert.Equal(23, day.Width.TotalHours);
    }

    [Fact]
    public void IndexOf_HalfOpenBins()
    {
        var bins = AnalyticsBins.Create(At("2024-01-01T00:00:00Z"), At("2024-01-01T03:00:00Z"), Window("1h"), DateTimeZone.Utc);

        Assert.Equal(0, bins.IndexOf(At("2024-01-01T00:00:00Z")));
        Assert.Equal(0, bins.IndexOf(At("2024-01-01T00:59:59.9999999Z")));
        Assert.Equal(1, bins.IndexOf(At("2024-01-01T01:00:00Z")));
        Assert.Equal(2, bins.IndexOf(At("2024-01-01T02:30:00Z")));
        Assert.Equal(-1, bins.IndexOf(At("2024-01-01T03:00:00Z")));
        Assert.Equal(-1, bins.IndexOf(At("2023-12-31T23:59:59Z")));
    }

    [Fact]
    public void Create_EndBeforeStart_NamesEnd()
    {
        var error = Assert.Throws<InvalidEventException>(() =>
            AnalyticsBins.Create(At("2024-01-02T00:00:00Z"), At("2024-01-01T00:00:00Z"), null, DateTimeZone.Utc));

        Assert.Equal("end", error.Field);
    }

    [Theory]
    [InlineData("1s")]       // 86,400 fixed bins in a day
    [InlineData("PT1M")]
    public void Create_TooManyFixedBins_NamesWindow(string window)
    {
        var error = Assert.Throws<InvalidEventException>(() =>
            AnalyticsBins.Create(At("2024-01-01T00:00:00Z"), At("2024-01-10T00:00:00Z"), Window(window), DateTimeZone.Utc));

        Assert.Equal("window", error.Field);
        Assert.Contains("10000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_TooManyCalendarBins_NamesWindow()
    {
        var error = Assert.Throws<InvalidEventException>(() =>
            AnalyticsBins.Create(At("1990-01-01T00:00:00Z"), At("2024-01-01T00:00:00Z"), Window("P1D"), Berlin));

        Assert.Equal("window", error.Field);
    }

    [Fact]
    public void Create_ExactlyTheMaximum_IsAllowed()
    {
        var bins = AnalyticsBins.Create(At("2024-01-01T00:00:00Z"), At("2024-01-01T00:00:00Z") + Duration.FromSeconds(10), Window("1s"), DateTimeZone.Utc, maximumCount: 10);

        Assert.Equal(10, bins.Count);
        Assert.Throws<InvalidEventException>(() =>
            AnalyticsBins.Create(At("2024-01-01T00:00:00Z"), At("2024-01-01T00:00:00Z") + Duration.FromSeconds(10.5), Window("1s"), DateTimeZone.Utc, maximumCount: 10));
    }

    [Theory]
    [InlineData("P1Y")]
    [InlineData("PT2400H")]
    public void Create_BinsBeyondYear9999_NamesWindow(string window)
    {
        var error = Assert.Throws<InvalidEventException>(() =>
            AnalyticsBins.Create(At("9999-12-01T00:00:00Z"), At("9999-12-02T00:00:00Z"), Window(window), DateTimeZone.Utc));

        Assert.Equal("window", error.Field);
    }

    private static AnalyticsWindow Window(string text) => AnalyticsWindow.Parse("window", text)!;

    private static Instant At(string text) => InstantPattern.ExtendedIso.Parse(text).Value;
}
