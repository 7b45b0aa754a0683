using System.Globalization;
using System.Text;
using RasaPlatform.Benchmarks.Run;

namespace RasaPlatform.Benchmarks.Recovery;

/// <summary>The recovery run as Markdown: the header, one summary row, the probes by kind, and every kill in detail.</summary>
internal static class RecoveryReport
{
    public static string Build(
        IReadOnlyList<string> header, RecoveryOptions options, IReadOnlyList<KillResult> kills, FinalCheck? final, IReadOnlyList<KeyValuePair<string, string>> raw)
    {
        var text = new StringBuilder();
        foreach (var line in header)
        {
            text.AppendLine(line);
        }

        var probes = kills.SelectMany(k => k.Probes).ToList();
        var listed = Latencies(probes);
        var starts = Of(kills.Select(k => k.StartToAnswerMs));
        var answers = Of(kills.Select(k => k.KillToAnswerMs));
        var missed = probes.Count(p => !p.Listed);
        var met = kills.Count == options.Kills && missed == 0 && listed.Percentile(99) <= RecoveryCommand.P99TargetMs;
        text.AppendLine()
            .AppendLine("| store | instances | kills (with claims stranded) | restart → answer p50 / max | kill → answer p50 / max | write → listed p50 | p95 | p99 | max | samples (missed) | p99 ≤ 5 s | all listed once at the end |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
            .AppendLine(CultureInfo.InvariantCulture, $"| {options.Store} | {options.Instances} | {kills.Count} ({kills.Count(k => k.StrandedClaims > 0)}) | {Ms(starts.Percentile(50))} / {Ms(starts.Percentile(100))} | {Ms(answers.Percentile(50))} / {Ms(answers.Percentile(100))} | {Ms(listed.Percentile(50))} | {Ms(listed.Percentile(95))} | {Ms(listed.Percentile(99))} | {Ms(listed.Percentile(100))} | {probes.Count} ({missed}) | {Yes(met)} | {Final(final)} |");

        text.AppendLine()
            .AppendLine("| probe | listed via | samples | p50 | max |")
            .AppendLine("|---|---|---:|---:|---:|");
        foreach (var group in probes.GroupBy(p => (Kind: p.Kind + (p.Kind == "written" ? p.WasClaimed ? ", claimed by the dead process" : ", not claimed" : ""), p.Via)).OrderBy(g => g.Key.Kind).ThenBy(g => g.Key.Via))
        {
            var latencies = Latencies(group);
            text.AppendLine(CultureInfo.InvariantCulture, $"| {group.Key.Kind} | {group.Key.Via} | {latencies.Count} | {Ms(latencies.Percentile(50))} | {Ms(latencies.Percentile(100))} |");
        }

        text.AppendLine().AppendLine("<details><summary>every kill</summary>").AppendLine().AppendLine("```");
        foreach (var k in kills)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"kill {k.Number}: instance {k.Instance}, {k.StrandedClaims} claims stranded ({k.StrandedWriterClaims} on written conversations), {k.QueuedAtKill} queued; reaped {k.KillToExitMs:F0} ms, start → answer {k.StartToAnswerMs:F0} ms, kill → answer {k.KillToAnswerMs:F0} ms");
            foreach (var p in k.Probes)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {p.Kind}{(p.WasClaimed ? " (claimed)" : "")} via {p.Via}: {(p.Listed ? "" : "not listed, given up at ")}{p.Milliseconds:F0} ms");
            }
        }

        if (final is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"end: {final.State.Conversations} conversations stored, {final.State.Current} projected at their latest revision, {final.State.Queued} queued, after {final.Seconds:F1} s; listed: {string.Join(", ", final.Listed)}");
        }

        foreach (var (key, value) in raw)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{key}={value}");
        }

        return text.AppendLine("```").AppendLine().AppendLine("</details>").ToString();
    }

    private static Latencies Latencies(IEnumerable<ProbeResult> probes) => Of(probes.Select(p => p.Milliseconds));

    private static Latencies Of(IEnumerable<double> milliseconds)
    {
        var latencies = new Latencies();
        foreach (var ms in milliseconds)
        {
            latencies.AddMilliseconds(ms);
        }

        return latencies;
    }

    private static string Ms(double value) => MarkdownReport.Number(value) + " ms";

    private static string Yes(bool met) => met ? "yes" : "**no**";

    private static string Final(FinalCheck? final) => final is null ? "?" : final.Passed
        ? string.Create(CultureInfo.InvariantCulture, $"yes ({final.State.Conversations:N0})")
        : string.Create(CultureInfo.InvariantCulture, $"**no** ({final.State.Current:N0} of {final.State.Conversations:N0} current, listed {string.Join(" / ", final.Listed)})");
}
