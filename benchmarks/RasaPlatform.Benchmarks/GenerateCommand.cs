using System.Diagnostics;
using System.Globalization;
using RasaPlatform.Benchmarks.Generation;

namespace RasaPlatform.Benchmarks;

/// <summary>The <c>generate</c> verb: <c>generate --size S|M|L|N [--seed 42] --out PATH|-</c>.</summary>
internal static class GenerateCommand
{
    public const string Usage = "generate --size S|M|L|<conversations> [--seed <uint64>] --out <path>|-";

    public static int Run(IReadOnlyList<string> args, TextWriter error)
    {
        if (!TryParse(args, out var conversations, out var seed, out var path, out var problem))
        {
            error.WriteLine(problem);
            error.WriteLine("usage: " + Usage);
            return 2;
        }

        var watch = Stopwatch.StartNew();
        var summary = Write(path, conversations, seed);
        watch.Stop();
        error.WriteLine(Report(summary, watch.Elapsed));
        return 0;
    }

    private static GenerationSummary Write(string path, long conversations, ulong seed)
    {
        if (path == "-")
        {
            using var stdout = Console.OpenStandardOutput();
            return DatasetGenerator.Generate(stdout, conversations, seed);
        }

        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        return DatasetGenerator.Generate(file, conversations, seed);
    }

    private static string Report(GenerationSummary summary, TimeSpan elapsed) => string.Create(
        CultureInfo.InvariantCulture,
        $"conversations={summary.Conversations} events={summary.Events} bytes={summary.Bytes} " +
        $"mean_events={(double)summary.Events / summary.Conversations:F2} longest={summary.LongestConversation} " +
        $"seconds={elapsed.TotalSeconds:F2} events_per_second={summary.Events / Math.Max(elapsed.TotalSeconds, 1e-9):F0} " +
        $"mib_per_second={summary.Bytes / 1048576.0 / Math.Max(elapsed.TotalSeconds, 1e-9):F1}");

    private static bool TryParse(IReadOnlyList<string> args, out long conversations, out ulong seed, out string path, out string problem)
    {
        (conversations, seed, path, problem) = (0, 42, "", "");
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            var ok = (args[i], value) switch
            {
                (_, null) => false,
                ("--size", _) => DatasetSize.TryParse(value, out conversations),
                ("--seed", _) => ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out seed),
                ("--out", _) => (path = value).Length > 0,
                _ => false,
            };
            if (!ok)
            {
                problem = $"Bad or incomplete option '{args[i]}'.";
                return false;
            }
        }

        problem = conversations == 0 ? "--size is required." : path.Length == 0 ? "--out is required." : "";
        return problem.Length == 0;
    }
}
