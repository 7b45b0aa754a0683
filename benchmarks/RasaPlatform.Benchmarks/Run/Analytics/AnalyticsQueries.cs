using NodaTime;

namespace RasaPlatform.Benchmarks.Run.Analytics;

/// <summary>The analytics and statistics questions a run asks, placed on the data set's own span of time.</summary>
internal static class AnalyticsQueries
{
    /// <summary>Days in the "last 30 days" questions.</summary>
    public const int RecentDays = 30;

    /// <summary>Entries per statistics top list.</summary>
    public const int TopLimit = 10;

    /// <summary>The non-UTC zone of the report-only daily question: one with daylight saving time.</summary>
    public const string OtherZone = "Europe/Berlin";

    /// <summary>
    /// Whole UTC days covering every event: from the midnight at or before <paramref name="first"/> to the midnight
    /// after <paramref name="last"/> (exclusive), both in Unix seconds.
    /// </summary>
    public static (Instant Start, Instant End) WholeDays(double first, double last)
    {
        if (last < first)
        {
            throw new ArgumentException("The last event time is before the first.", nameof(last));
        }

        var day = NodaConstants.SecondsPerDay;
        var start = (long)Math.Floor(first / day) * day;
        var end = ((long)Math.Floor(last / day) + 1) * day;
        return (Instant.FromUnixTimeSeconds(start), Instant.FromUnixTimeSeconds(end));
    }

    /// <summary>The analytics questions over the whole days <c>[start, end)</c>: the span and its last 30 days.</summary>
    public static IReadOnlyList<AnalyticsQuery> Analytics(Instant start, Instant end)
    {
        var recent = Recent(start, end);
        return
        [
            AnalyticsQuery.Days("whole span in daily bins", start, end, DateTimeZone.Utc),
            AnalyticsQuery.Hours($"last {RecentDays} days in hourly bins", recent, end),
            AnalyticsQuery.Days($"whole span in daily bins of {OtherZone}", start, end, DateTimeZoneProviders.Tzdb[OtherZone]),
        ];
    }

    /// <summary>The statistics questions: all time, and the last 30 days (both bounds inclusive).</summary>
    public static IReadOnlyList<StatisticsQuery> Statistics(Instant start, Instant end) =>
    [
        new("all time", null, null, TopLimit),
        new($"last {RecentDays} days", Recent(start, end), end, TopLimit),
    ];

    private static Instant Recent(Instant start, Instant end) => Instant.Max(start, end - Duration.FromDays(RecentDays));
}
