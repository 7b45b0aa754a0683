using System.Globalization;
using NodaTime;

namespace RasaPlatform.Benchmarks.Run.Analytics;

/// <summary>
/// One question asked of <c>GET /api/analytics</c>: a range in daily bins of a zone's calendar (<c>window=1d</c>) or
/// in hourly bins (<c>window=1h</c>). The same question goes to the Api (<see cref="QueryString"/>) and, as SQL, to
/// Rasa's events table (<see cref="AnalyticsSql.Bins"/>), whose bins are the ones <see cref="BinEdges"/> computes here.
/// </summary>
/// <remarks>
/// <see cref="Start"/> is inclusive and <see cref="End"/> exclusive, in whole seconds. Hourly bins are fixed:
/// <c>ceil((end - start) / 1 h)</c> bins from <c>start</c>. Daily bins follow the zone's calendar, as the service's
/// calendar windows do: the first starts at the local midnight of the day that holds <c>start</c>, each lasts to the
/// next local midnight (23 h or 25 h on a day the clocks change), and they go on until one ends at or after <c>end</c>.
/// </remarks>
internal sealed record AnalyticsQuery
{
    private AnalyticsQuery(string label, Instant start, Instant end, bool daily, DateTimeZone zone)
    {
        if (end <= start)
        {
            throw new ArgumentException("The range must not be empty.", nameof(end));
        }

        Label = label;
        Start = start;
        End = end;
        Daily = daily;
        Zone = zone;
    }

    /// <summary>What the query asks, in a few words, for the table.</summary>
    public string Label { get; }

    public Instant Start { get; }

    public Instant End { get; }

    /// <summary>Daily calendar bins when set; hourly fixed bins otherwise.</summary>
    public bool Daily { get; }

    /// <summary>The zone whose calendar daily bins follow; UTC for hourly bins.</summary>
    public DateTimeZone Zone { get; }

    /// <summary>The <c>window</c> parameter: <c>1d</c> or <c>1h</c>.</summary>
    public string Window => Daily ? "1d" : "1h";

    /// <summary>Daily bins of <paramref name="zone"/>'s calendar over <c>[start, end)</c>.</summary>
    public static AnalyticsQuery Days(string label, Instant start, Instant end, DateTimeZone zone) => new(label, start, end, daily: true, zone);

    /// <summary>Hourly bins over <c>[start, end)</c>.</summary>
    public static AnalyticsQuery Hours(string label, Instant start, Instant end) => new(label, start, end, daily: false, DateTimeZone.Utc);

    /// <summary><c>start</c> and <c>end</c> in Unix seconds, the window, and <c>tz</c> unless the zone is UTC.</summary>
    public string QueryString() =>
        string.Create(CultureInfo.InvariantCulture, $"start={Start.ToUnixTimeSeconds()}&end={End.ToUnixTimeSeconds()}&window={Window}")
        + (Zone == DateTimeZone.Utc ? "" : "&tz=" + Uri.EscapeDataString(Zone.Id));

    /// <summary>The bins' edges: bin <c>i</c> is <c>[edges[i], edges[i + 1])</c>; at least two edges.</summary>
    public IReadOnlyList<Instant> BinEdges() => Daily ? DayEdges() : HourEdges();

    private List<Instant> HourEdges()
    {
        var hours = (End - Start).TotalHours;
        var count = Math.Max(1, (int)Math.Ceiling(hours));
        return [.. Enumerable.Range(0, count + 1).Select(i => Start + Duration.FromHours(i))];
    }

    private List<Instant> DayEdges()
    {
        var first = Start.InZone(Zone).Date;
        var edges = new List<Instant> { Zone.AtStartOfDay(first).ToInstant() };
        for (var i = 1; edges.Count < 2 || edges[^1] < End; i++)
        {
            edges.Add(Zone.AtStartOfDay(first.PlusDays(i)).ToInstant());
        }

        return edges;
    }
}
