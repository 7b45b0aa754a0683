using System.Globalization;
using RasaPlatform.Benchmarks.Generation;

namespace RasaPlatform.Benchmarks.Run;

/// <summary>The options of the <c>run</c> verb.</summary>
/// <param name="Store"><c>sqlite</c> or <c>postgresql</c>.</param>
/// <param name="SizeName">The <c>--size</c> argument as given (<c>S</c>, <c>M</c>, <c>L</c> or a number).</param>
/// <param name="Conversations">Conversations in the data set.</param>
/// <param name="Seed">The generator's seed.</param>
/// <param name="DataDirectory">Where generated files are cached, keyed by size and seed.</param>
/// <param name="OutputPath">The Markdown file the table is appended to; empty to append nowhere.</param>
/// <param name="AppendSeconds">How long the HTTP append clients run.</param>
/// <param name="Clients">Concurrent HTTP append clients.</param>
/// <param name="Requests">Timed requests per read endpoint (after warmup).</param>
/// <param name="Build">Whether to build the Release Api before running it.</param>
/// <param name="Keep">Whether to keep the stores (files, databases) after the run.</param>
/// <param name="DuckDb">Whether to load the data set into DuckDB and ask it the listing and analytics questions too.</param>
/// <param name="LiveCatchUp">Whether live writes and freshness probes run beside the metadata catch-up (always in <c>catch-up</c>).</param>
internal sealed record RunOptions(
    string Store,
    string SizeName,
    long Conversations,
    ulong Seed,
    string DataDirectory,
    string OutputPath,
    int AppendSeconds,
    int Clients,
    int Requests,
    bool Build,
    bool Keep,
    bool DuckDb = true,
    bool LiveCatchUp = false)
{
    public const string Usage =
        "run --store sqlite|postgresql --size S|M|L|<conversations> [--seed 42] [--data DIR] [--out docs/benchmarks.md|-] "
        + "[--append-seconds 10] [--clients 8] [--requests 200] [--no-build] [--keep] [--no-duckdb] [--live-catch-up]";

    /// <summary>The size as a lower-case identifier, for database and file names.</summary>
    public string SizeKey => SizeName.ToLowerInvariant();

    public static bool TryParse(IReadOnlyList<string> args, string defaultData, string defaultOut, out RunOptions options, out string problem)
    {
        options = new RunOptions("", "", 0, 42, defaultData, defaultOut, 10, 8, 200, Build: true, Keep: false);
        if (!OptionReader.TryRead(args, options, Flag, Apply, out options, out problem))
        {
            return false;
        }

        problem = options.Store.Length == 0 ? "--store is required." : options.Conversations == 0 ? "--size is required." : "";
        return problem.Length == 0;
    }

    /// <summary>
    /// Reads a verb built on <c>run</c>'s steps: its own positive integer options (<paramref name="counts"/>, given
    /// their defaults and overwritten from <paramref name="args"/>), then <c>run</c>'s options from the rest, with
    /// <paramref name="defaults"/> (pairs such as <c>--out -</c>) for those not given.
    /// </summary>
    public static bool TryParseVerb(
        IReadOnlyList<string> args, Dictionary<string, int> counts, IReadOnlyList<string> defaults, string defaultData, out RunOptions options, out string problem)
    {
        var rest = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (!counts.ContainsKey(args[i]))
            {
                rest.Add(args[i]);
                continue;
            }

            if (i + 1 >= args.Count || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                options = new RunOptions("", "", 0, 42, defaultData, "", 10, 8, 200, Build: true, Keep: false);
                problem = $"Bad or incomplete option '{args[i]}'.";
                return false;
            }

            counts[args[i]] = value;
            i++;
        }

        for (var i = 0; i + 1 < defaults.Count; i += 2)
        {
            if (!rest.Contains(defaults[i]))
            {
                rest.AddRange([defaults[i], defaults[i + 1]]);
            }
        }

        return TryParse(rest, defaultData, "", out options, out problem);
    }

    /// <summary>The options with the flag <paramref name="name"/> set; null when it is not one of this verb's flags.</summary>
    private static RunOptions? Flag(RunOptions o, string name) => name switch
    {
        "--keep" => o with { Keep = true },
        "--no-build" => o with { Build = false },
        "--no-duckdb" => o with { DuckDb = false },
        "--live-catch-up" => o with { LiveCatchUp = true },
        _ => null,
    };

    private static RunOptions? Apply(RunOptions o, string name, string value) => name switch
    {
        "--store" when value.ToLowerInvariant() is "sqlite" or "postgresql" => o with { Store = value.ToLowerInvariant() },
        "--size" when DatasetSize.TryParse(value, out var n) => o with { SizeName = value, Conversations = n },
        "--seed" when ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var s) => o with { Seed = s },
        "--data" when value.Length > 0 => o with { DataDirectory = value },
        "--out" when value.Length > 0 => o with { OutputPath = value == "-" ? "" : value },
        "--append-seconds" when Positive(value, out var v) => o with { AppendSeconds = v },
        "--clients" when Positive(value, out var v) => o with { Clients = v },
        "--requests" when Positive(value, out var v) => o with { Requests = v },
        _ => null,
    };

    private static bool Positive(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value is > 0 and <= 100_000;
}
