using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace RasaPlatform.Benchmarks.Run.Steps;

/// <summary>One run of the Api's <c>import</c> command as a child process, timed from start to exit.</summary>
/// <param name="Seconds">Wall time from starting the process to its exit (runtime start-up and migration included).</param>
/// <param name="ExitCode">The command's exit code: 0 all imported, 3 some rejected, 1 unreadable.</param>
/// <param name="PeakRssBytes">The process's peak resident set.</param>
/// <param name="Stored">Events stored, from the command's closing line; null when it was not found.</param>
/// <param name="Rejected">Records rejected, from the same line.</param>
/// <param name="Summary">The command's last line.</param>
internal sealed partial record ImportChild(double Seconds, int ExitCode, long PeakRssBytes, long? Stored, long? Rejected, string Summary)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromHours(2);

    public static Task<ImportChild> RunAsync(BenchContext context, IReadOnlyList<string> store, IEnumerable<string> files, CancellationToken cancellationToken) =>
        RunAsync(context.Repository.ApiAssembly, context.WorkFolder, store, files, cancellationToken);

    /// <summary>Runs <c>dotnet <paramref name="assembly"/> import</c> in <paramref name="workingDirectory"/>.</summary>
    public static async Task<ImportChild> RunAsync(
        string assembly, string workingDirectory, IReadOnlyList<string> store, IEnumerable<string> files, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var child = ChildProcess.Start("dotnet", [assembly, "import", .. files, .. store], workingDirectory);
        var exit = await child.WaitForExitAsync(Timeout, cancellationToken).ConfigureAwait(false);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var summary = child.Tail.LastOrDefault(l => l.Contains("events stored", StringComparison.Ordinal)) ?? (child.Tail is [.., var last] ? last : "");
        var match = SummaryPattern().Match(summary);
        return new ImportChild(
            seconds,
            exit,
            child.PeakRssBytes,
            match.Success ? long.Parse(match.Groups["stored"].ValueSpan, CultureInfo.InvariantCulture) : null,
            match.Success ? long.Parse(match.Groups["rejected"].ValueSpan, CultureInfo.InvariantCulture) : null,
            summary);
    }

    /// <summary>Reports the run's closing line and records its raw numbers as <c><paramref name="prefix"/>.seconds</c> and so on.</summary>
    public void Record(BenchContext context, string prefix)
    {
        context.Progress($"{Summary}");
        context.AddRaw($"{prefix}.seconds", $"{Seconds:F3}");
        context.AddRaw($"{prefix}.exit_code", $"{ExitCode}");
        context.AddRaw($"{prefix}.peak_rss_mib", $"{PeakRssBytes / 1048576.0:F1}");
        context.AddRaw($"{prefix}.summary", $"{Summary}");
    }

    /// <summary>The row saying whether the run stored all <paramref name="expected"/> events and rejected none.</summary>
    public ResultRow StoredRow(string subject, long expected) => new(
        $"events stored by {subject} (exit {ExitCode}, {Rejected?.ToString(CultureInfo.InvariantCulture) ?? "?"} rejected)",
        Stored ?? double.NaN,
        "events",
        expected,
        Target: "all, none rejected",
        Met: ExitCode == 0 && Rejected == 0 && Stored == expected);

    [GeneratedRegex(@"\((?<rejected>\d+) rejected\).*?(?<stored>\d+) events stored")]
    private static partial Regex SummaryPattern();
}
