using NodaTime;
using RasaPlatform.Benchmarks.Run.Analytics;

namespace RasaPlatform.Benchmarks.Tests.Analytics;

public class AnalyticsQueriesTests
{
    private static readonly Instant Year2025 = Instant.FromUtc(2025, 1, 1, 0, 0);
    private static readonly Instant Year2026 = Instant.FromUtc(2026, 1, 1, 0, 0);

    [Fact]
    public void WholeDays_FromTheMidnightAtOrBeforeTheFirstToTheMidnightAfterTheLast()
    {
        var (start, end) = AnalyticsQueries.WholeDays(Year2025.ToUnixTimeSeconds() + 0.5, Year2026.ToUnixTimeSeconds() - 0.1);

        Assert.Equal((Year2025, Year2026), (start, end));
    }

    [Fact]
    public void WholeDays_LastEventAtMidnight_KeepsItsDay() =>
        Assert.Equal(
            (Year2025, Year2026 + Duration.FromDays(1)),
            AnalyticsQueries.WholeDays(Year2025.ToUnixTimeSeconds(), Year2026.ToUnixTimeSeconds()));

    [Fact]
    public void Analytics_YearDailyThirtyDaysHourlyAndBerlinDaily()
    {
        var queries = AnalyticsQueries.Analytics(Year2025, Year2026);

        Assert.Equal(
            ["start=1735689600&end=1767225600&window=1d", "start=1764633600&end=1767225600&window=1h", "start=1735689600&end=1767225600&window=1d&tz=Europe%2FBerlin"],
            queries.Select(q => q.QueryString()));
        Assert.Equal([366, 721, 367], queries.Select(q => q.BinEdges().Count));
    }

    [Fact]
    public void Analytics_SpanShorterThanThirtyDays_RecentIsTheWholeSpan()
    {
        var end = Year2025 + Duration.FromDays(3);

        Assert.Equal(Year2025, AnalyticsQueries.Analytics(Year2025, end)[1].Start);
        Assert.Equal(Year2025, AnalyticsQueries.Statistics(Year2025, end)[1].Start);
    }

    [Fact]
    public void Statistics_AllTimeAndTheLastThirtyDaysInclusive() =>
        Assert.Equal(
            ["limit=10", "start=1764633600&until=1767225600&limit=10"],
            AnalyticsQueries.Statistics(Year2025, Year2026).Select(q => q.QueryString()));

    [Fact]
    public void BinEdges_BerlinDays_StartAtLocalMidnightAndFollowTheClockChanges()
    {
        var query = AnalyticsQuery.Days("x", Year2025, Year2026, DateTimeZoneProviders.Tzdb["Europe/Berlin"]);
        var edges = query.BinEdges();
        var lengths = edges.Zip(edges.Skip(1), (a, b) => (b - a).TotalHours).ToList();

        Assert.Equal(Instant.FromUtc(2024, 12, 31, 23, 0), edges[0]);
        Assert.Equal(Instant.FromUtc(2026, 1, 1, 23, 0), edges[^1]);
        Assert.Equal(23, lengths[Day(2025, 3, 30)]);
        Assert.Equal(25, lengths[Day(2025, 10, 26)]);
        Assert.Equal(364, lengths.Count(h => h == 24));
    }

    [Fact]
    public void BinEdges_HoursOverAPartHour_CoverTheEnd()
    {
        var edges = AnalyticsQuery.Hours("x", Year2025, Year2025 + Duration.FromMinutes(90)).BinEdges();

        Assert.Equal([Year2025, Year2025 + Duration.FromHours(1), Year2025 + Duration.FromHours(2)], edges);
    }

    [Fact]
    public void Create_EmptyRange_IsRejected() =>
        Assert.Throws<ArgumentException>(() => AnalyticsQuery.Hours("x", Year2025, Year2025));

    private static int Day(int year, int month, int day) => new LocalDate(year, month, day).DayOfYear - 1;
}
