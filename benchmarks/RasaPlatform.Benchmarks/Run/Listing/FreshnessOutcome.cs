using System.Diagnostics;
using static RasaPlatform.Benchmarks.Run.Listing.FreshnessLoad;

namespace RasaPlatform.Benchmarks.Run.Listing;

/// <summary>What a <see cref="FreshnessLoad"/> run did, and its rows.</summary>
/// <param name="Ok">Appends answered 2xx.</param>
/// <param name="Failed">Appends answered otherwise.</param>
/// <param name="Started">When the clients started, a <see cref="Stopwatch.GetTimestamp"/>.</param>
/// <param name="Seconds">How long the clients appended.</param>
/// <param name="Appends">The acknowledged appends, in no particular order.</param>
/// <param name="Samples">The probes, acknowledged ones only, in no particular order.</param>
internal sealed record FreshnessOutcome(
    long Ok, long Failed, long Started, double Seconds, IReadOnlyList<FreshnessAppend> Appends, IReadOnlyList<FreshnessSample> Samples)
{
    /// <summary>Acknowledged events per second over the clients' time; 0 when they had none.</summary>
    public double EventsPerSecond => Seconds > 0 ? Appends.Sum(a => (long)a.Events) / Seconds : 0;

    /// <summary>The ingest row: <paramref name="title"/> (what the load ran during) and the load's shape.</summary>
    public ResultRow IngestRow(string title) => new(
        $"{title} ({Clients} clients × a turn of {TurnEvents} events every {TurnIntervalMs} ms, {Seconds:F0} s, {Failed} failed)",
        EventsPerSecond,
        "events/s",
        Target: "report");

    /// <summary>
    /// The ingest row of the appends acknowledged by <paramref name="until"/> (a <see cref="Stopwatch.GetTimestamp"/>;
    /// the whole run when it is later), over the time from the start to then: <paramref name="title"/> says what that
    /// time was.
    /// </summary>
    public ResultRow IngestRow(string title, long until)
    {
        var seconds = Math.Clamp(Stopwatch.GetElapsedTime(Started, until).TotalSeconds, 0, Seconds);
        var events = Appends.Where(a => a.Acknowledged <= until).Sum(a => (long)a.Events);
        return new(
            $"{title} ({Clients} clients × a turn of {TurnEvents} events every {TurnIntervalMs} ms, {seconds:F0} s of {Seconds:F0}, {Failed} failed in all)",
            seconds > 0 ? events / seconds : 0,
            "events/s",
            Target: "report");
    }

    /// <summary>
    /// The p50, p95 and p99 rows of the <paramref name="counted"/> samples, the p99 with its target (≤ 1 s), met when it
    /// is within it, no counted probe was missed and no append failed. <paramref name="countedNote"/> follows the
    /// samples' count in the rows' text, to say which were counted; empty when all were.
    /// </summary>
    public IReadOnlyList<ResultRow> LatencyRows(string title, IReadOnlyList<FreshnessSample> counted, string countedNote = "")
    {
        var latencies = Latencies(counted);
        var missed = counted.Count(s => s.Missed);
        var what = $"{title}: append 2xx → listed under its unique intent ({counted.Count} samples{countedNote}, {missed} missed at {GiveUpSeconds} s, polled every {PollIntervalMs} ms)";
        return [.. new[] { 50.0, 95, 99 }.Select(p => (P: p, Value: latencies.Percentile(p))).Select(x => x.P == 99
            ? new ResultRow($"{what} p99", x.Value, "ms", Target: "≤ 1 s p99", Met: x.Value <= P99TargetMs && missed == 0 && Failed == 0)
            : new ResultRow($"{what} p{x.P:0}", x.Value, "ms"))];
    }

    /// <summary>The samples acknowledged at or before <paramref name="timestamp"/> (a <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>).</summary>
    public IReadOnlyList<FreshnessSample> AcknowledgedBy(long timestamp) => [.. Samples.Where(s => s.Acknowledged <= timestamp)];

    /// <summary>The raw numbers under <paramref name="prefix"/> (e.g. <c>freshness</c>) of the <paramref name="counted"/> samples.</summary>
    public IEnumerable<KeyValuePair<string, FormattableString>> Raw(string prefix, IReadOnlyList<FreshnessSample> counted)
    {
        var latencies = Latencies(counted);
        return
        [
            new($"{prefix}.appends_ok", $"{Ok}"),
            new($"{prefix}.appends_failed", $"{Failed}"),
            new($"{prefix}.samples", $"{counted.Count}"),
            new($"{prefix}.missed", $"{counted.Count(s => s.Missed)}"),
            new($"{prefix}.ms", $"p50={latencies.Percentile(50):F1} p95={latencies.Percentile(95):F1} p99={latencies.Percentile(99):F1}"),
        ];
    }

    private static Latencies Latencies(IEnumerable<FreshnessSample> samples)
    {
        var latencies = new Latencies();
        foreach (var s in samples)
        {
            latencies.AddMilliseconds(s.Milliseconds);
        }

        return latencies;
    }
}
