using System.Globalization;
using System.Text;
using RasaPlatform.Benchmarks.Run;

namespace RasaPlatform.Benchmarks.Feeds;

/// <summary>The run as Markdown: the header, the phases, the targets, the kill rounds, the final check and the raw numbers.</summary>
internal static class FeedBenchReport
{
    public static string Build(
        IReadOnlyList<string> header,
        FeedBenchOptions options,
        IReadOnlyList<PhaseResult> phases,
        IReadOnlyList<CeilingResult> ceilings,
        IReadOnlyList<KillRound> kills,
        ExactlyOnceTally? check,
        IReadOnlyList<KeyValuePair<string, string>> raw)
    {
        var text = new StringBuilder();
        foreach (var line in header)
        {
            text.AppendLine(line);
        }

        text.AppendLine()
            .AppendLine("| phase | published | publish rate | stored | committed/s (publish start → last stored) | stored/s while publishing | peak backlog | peak metadata queue | publish → listed p50 | p95 | p99 | probes (missed) | CPU cores: service / broker / postgres / benchmark / machine |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var p in phases)
        {
            var cores = Cores(p.Cores);
            text.AppendLine(CultureInfo.InvariantCulture, $"| {p.Name} | {p.Publish.Total:N0} in {p.Publish.ConfirmedSeconds:F1} s{(p.Publish.Exhausted ? " (data set used up)" : "")} | {Number(p.Publish.Rate)}/s | {p.Stored:N0} | **{Number(p.CommittedPerSecond)}/s** ({p.CommittedSeconds:F1} s) | {Number(p.StoredWhilePublishingPerSecond)}/s | {p.PeakBacklog:N0} | {p.PeakMetadata:N0} | {Ms(p.Freshness, 50)} | {Ms(p.Freshness, 95)} | {Ms(p.Freshness, 99)} | {p.Freshness.Count} ({p.Missed}) | {cores} |");
        }

        if (ceilings.Count > 0)
        {
            text.AppendLine()
                .AppendLine("| each side alone | events | seconds | events/s | CPU cores: service / broker / postgres / benchmark / machine |")
                .AppendLine("|---|---:|---:|---:|---|");
            foreach (var c in ceilings)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {c.What} | {c.Events:N0} | {c.Seconds:F1} | {Number(c.Events / c.Seconds)}/s | {Cores(c.Cores)} |");
            }
        }

        text.AppendLine()
            .AppendLine("| target | measured | met? |")
            .AppendLine("|---|---:|---|");
        if (phases.FirstOrDefault(p => p.Kind == PhaseKind.FullSpeed) is { } full)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| ≥ {RabbitMqFeedCommand.RateTarget:N0} events/s committed, publishing at full speed ({options.Store}) | {Number(full.CommittedPerSecond)}/s | {Yes(full.CommittedPerSecond >= RabbitMqFeedCommand.RateTarget)} |");
        }

        if (phases.FirstOrDefault(p => p.Kind == PhaseKind.Steady) is { } steady)
        {
            var p99 = steady.Freshness.Percentile(99);
            text.AppendLine(CultureInfo.InvariantCulture, $"| publish confirm → listed p99 ≤ 1 s, publishing {options.Rate:N0} events/s | {Ms(steady.Freshness, 99)} | {Yes(p99 <= RabbitMqFeedCommand.P99TargetMs && steady.Missed == 0)} |");
        }

        if (check is not null)
        {
            var what = kills.Count > 0 ? $"{kills.Count} kills -9 while publishing: every" : "every";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {what} published event stored exactly once | {check.Stored:N0} of {check.Published:N0} ({check.Missing:N0} missing, {check.Duplicated:N0} duplicated) | {Yes(check.Passed && kills.Count == options.Kills)} |");
        }

        if (kills.Count > 0)
        {
            text.AppendLine()
                .AppendLine("| round | killed after | published (phase) | stored at kill | not yet stored at kill | kill → answering | kill → consuming | redelivered, skipped as stored |")
                .AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var k in kills)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {k.Number} | {k.LifeSeconds:F1} s | {k.Published:N0} | {k.Stored:N0} | {k.Published - k.Stored:N0} | {k.KillToAnswerMs:N0} ms | {k.KillToConsumingMs:N0} ms | {(k.Redelivered is { } r ? r.ToString("N0", CultureInfo.InvariantCulture) : "?")} |");
            }
        }

        if (check is not null)
        {
            text.AppendLine()
                .AppendLine("| final check | published | stored | conversations | missing | duplicated | out of order | exactly once |")
                .AppendLine("|---|---:|---:|---:|---:|---:|---:|---|");
            text.AppendLine(CultureInfo.InvariantCulture, $"| every conversation published to, `GET /api/conversations/{{id}}/events` | {check.Published:N0} | {check.Stored:N0} | {check.Conversations:N0} | {check.Missing:N0} | {check.Duplicated:N0} | {check.OutOfOrder:N0} | {Yes(check.Passed)} |");
        }

        text.AppendLine().AppendLine("<details><summary>raw numbers</summary>").AppendLine().AppendLine("```");
        foreach (var p in phases)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{p.Name}: every second since publishing started: published (confirmed) / stored / ready in the queue / metadata queue");
            foreach (var line in p.Series)
            {
                text.AppendLine("  " + line);
            }
        }

        foreach (var (key, value) in raw)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{key}={value}");
        }

        return text.AppendLine("```").AppendLine().AppendLine("</details>").ToString();
    }

    private static string Number(double value) => MarkdownReport.Number(value);

    private static string Cores(IReadOnlyDictionary<string, double> cores) =>
        string.Join(" / ", CpuSnapshot.Kinds.Select(k => cores.TryGetValue(k, out var c) ? c.ToString("F2", CultureInfo.InvariantCulture) : "?"));

    private static string Ms(Latencies latencies, double percentile) =>
        latencies.Count == 0 ? "" : MarkdownReport.Number(latencies.Percentile(percentile)) + " ms";

    private static string Yes(bool met) => met ? "yes" : "**no**";
}

/// <summary>What a phase is for.</summary>
internal enum PhaseKind
{
    /// <summary>Publishing as fast as the confirms allow: the throughput target.</summary>
    FullSpeed,

    /// <summary>Publishing at <c>--rate</c>: the freshness target.</summary>
    Steady,

    /// <summary>Publishing at <c>--kill-rate</c> while the service is killed and restarted.</summary>
    Kills,
}

/// <summary>One publishing phase measured.</summary>
/// <param name="Name">For the table.</param>
/// <param name="Kind">What it is for.</param>
/// <param name="Publish">What was published.</param>
/// <param name="Stored">Events the store gained from the phase's start until it had them all (or gave up).</param>
/// <param name="CommittedSeconds">From the first publish until the last of them was committed.</param>
/// <param name="StoredWhilePublishing">Events the store gained while the publisher was publishing.</param>
/// <param name="PeakBacklog">The most ready messages seen in the queue (sampled every second).</param>
/// <param name="PeakMetadata">The most conversations seen waiting for the metadata projection (sampled every second).</param>
/// <param name="Freshness">Probe latencies: publish confirm → listed, in ms.</param>
/// <param name="Missed">Probes never listed before the give-up time (in the latencies at that time).</param>
/// <param name="Cores">CPU cores used by each kind over the phase (<see cref="CpuSnapshot.Kinds"/>).</param>
/// <param name="Series">One line per second: published, stored, ready.</param>
internal sealed record PhaseResult(
    string Name,
    PhaseKind Kind,
    PublishResult Publish,
    long Stored,
    double CommittedSeconds,
    long StoredWhilePublishing,
    long PeakBacklog,
    long PeakMetadata,
    Latencies Freshness,
    int Missed,
    IReadOnlyDictionary<string, double> Cores,
    IReadOnlyList<string> Series)
{
    /// <summary>Events committed per second from the first publish until the last was stored.</summary>
    public double CommittedPerSecond => Stored / CommittedSeconds;

    /// <summary>Events stored per second while the publisher was publishing.</summary>
    public double StoredWhilePublishingPerSecond => StoredWhilePublishing / Publish.ConfirmedSeconds;
}

/// <summary>One side measured alone: the publisher and broker with the service stopped, or the service catching up.</summary>
/// <param name="What">For the table.</param>
/// <param name="Events">Events published, or stored.</param>
/// <param name="Seconds">How long it took.</param>
/// <param name="Cores">CPU cores used by each kind meanwhile.</param>
internal sealed record CeilingResult(string What, long Events, double Seconds, IReadOnlyDictionary<string, double> Cores);

/// <summary>One kill -9 and restart.</summary>
/// <param name="Number">1, 2, …</param>
/// <param name="LifeSeconds">How long the killed process had been consuming.</param>
/// <param name="Published">Messages published in the kill phase up to the kill (handed to the broker).</param>
/// <param name="Stored">Of the phase's events, those in the store right after the kill.</param>
/// <param name="KillToAnswerMs">From SIGKILL until the new process answered <c>GET /api/version</c>.</param>
/// <param name="KillToConsumingMs">From SIGKILL until the new process reported the feed connected.</param>
/// <param name="Redelivered">
/// Messages the next life found already stored (its <c>duplicates</c>): those committed before the kill but not yet
/// acknowledged, delivered again.
/// </param>
internal sealed record KillRound(int Number, double LifeSeconds, long Published, long Stored, double KillToAnswerMs, double KillToConsumingMs, long? Redelivered);
