using System.Diagnostics;
using System.Globalization;

namespace RasaPlatform.Benchmarks.Perf;

/// <summary>
/// The hidden <c>perf-import</c> verb: times one storage path on one engine and prints one table row.
/// <c>perf-import --target import|bare|bare-copy|read --engine sqlite|postgres --file PATH [--db PATH] [--reads N]</c>.
/// </summary>
/// <remarks>
/// One target per process, so that the peak working set belongs to that target. PostgreSQL comes from
/// <c>RASA_TEST_POSTGRES</c>; each target uses (and first drops) its own schema <c>perf_{target}</c>.
/// </remarks>
internal static class PerfImportCommand
{
    public const string Usage =
        "perf-import --target import|bare|bare-copy|read --engine sqlite|postgres --file <ndjson> [--db <sqlite path>] [--reads <n>]";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            options[args[i]] = args[i + 1];
        }

        if (!options.TryGetValue("--target", out var target) || !options.TryGetValue("--engine", out var engine)
            || !options.TryGetValue("--file", out var file))
        {
            output.WriteLine("usage: RasaPlatform.Benchmarks " + Usage);
            return 2;
        }

        var stores = new PerfStores(engine, options.GetValueOrDefault("--db", "/tmp/rasa-perf.db"), "perf_" + target.Replace('-', '_'));
        var reads = int.Parse(options.GetValueOrDefault("--reads", "50"), CultureInfo.InvariantCulture);
        var watch = Stopwatch.StartNew();
        var row = target switch
        {
            "import" => await PerfTargets.ImportAsync(stores, file).ConfigureAwait(false),
            "bare" => await BareInsert.RunAsync(stores, file, copy: false).ConfigureAwait(false),
            "bare-copy" => await BareInsert.RunAsync(stores, file, copy: true).ConfigureAwait(false),
            "read" => await TrackerRead.RunAsync(stores, file, reads).ConfigureAwait(false),
            _ => null,
        };
        if (row is null)
        {
            output.WriteLine("usage: RasaPlatform.Benchmarks " + Usage);
            return 2;
        }

        using var process = Process.GetCurrentProcess();
        var peakMiB = process.PeakWorkingSet64 / 1048576.0;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {target,-9} | {engine,-8} | {row} | peak_ws_mib={peakMiB:F0} | total_s={watch.Elapsed.TotalSeconds:F1} cpu_s={process.TotalProcessorTime.TotalSeconds:F1} |"));
        return 0;
    }
}
