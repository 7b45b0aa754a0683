using System.Globalization;
using RasaPlatform.Benchmarks.Generation;

namespace RasaPlatform.Benchmarks.Feeds;

/// <summary>The options of the <c>rabbitmq-feed</c> verb.</summary>
/// <param name="Store"><c>sqlite</c> or <c>postgresql</c>.</param>
/// <param name="Seconds">How long each publishing phase (full speed, steady) publishes.</param>
/// <param name="Rate">Events per second of the steady phase, the one the freshness target is judged on.</param>
/// <param name="ProbesPerSecond">Freshness probes published per second during the publishing phases.</param>
/// <param name="Kills">Kill -9 rounds after the publishing phases; 0 for none.</param>
/// <param name="KillRate">Events per second published throughout the kill rounds.</param>
/// <param name="SizeName">The <c>--size</c> argument as given: the data set whose events are published.</param>
/// <param name="Conversations">Conversations in that data set.</param>
/// <param name="Seed">The generator's seed, and the seed of the kill times.</param>
/// <param name="DataDirectory">Where generated files are cached, keyed by size and seed.</param>
/// <param name="OutputPath">The Markdown file the report is added to; empty (the default) to add it nowhere.</param>
/// <param name="ServiceSettings">Extra <c>--Key=Value</c> settings for the service (<c>--set Feeds:RabbitMq:BatchSize=1000</c>).</param>
/// <param name="Build">Whether to build the Release Api before running it.</param>
/// <param name="Keep">Whether to keep the store (file, database) after the run.</param>
internal sealed record FeedBenchOptions(
    string Store,
    int Seconds,
    int Rate,
    int ProbesPerSecond,
    int Kills,
    int KillRate,
    string SizeName,
    long Conversations,
    ulong Seed,
    string DataDirectory,
    string OutputPath,
    IReadOnlyList<string> ServiceSettings,
    bool Build,
    bool Keep)
{
    public const string Usage =
        "rabbitmq-feed --store sqlite|postgresql [--seconds 20] [--rate 10000] [--probes-per-second 5] [--kills 0] [--kill-rate 5000] "
        + "[--size M] [--seed 42] [--data DIR] [--set Feeds:RabbitMq:KEY=VALUE]... [--out docs/benchmarks.md] [--no-build] [--keep]";

    /// <summary>The size as a lower-case identifier, for database names.</summary>
    public string SizeKey => SizeName.ToLowerInvariant();

    public static bool TryParse(IReadOnlyList<string> args, string defaultData, out FeedBenchOptions options, out string problem)
    {
        options = new FeedBenchOptions("", 20, 10_000, 5, 0, 5_000, "M", DatasetSize.Medium, 42, defaultData, "", [], Build: true, Keep: false);
        if (!OptionReader.TryRead(args, options, Flag, Apply, out options, out problem))
        {
            return false;
        }

        problem = options.Store.Length == 0 ? "--store is required." : "";
        return problem.Length == 0;
    }

    /// <summary>The options with the flag <paramref name="name"/> set; null when it is not one of this verb's flags.</summary>
    private static FeedBenchOptions? Flag(FeedBenchOptions o, string name) => name switch
    {
        "--keep" => o with { Keep = true },
        "--no-build" => o with { Build = false },
        _ => null,
    };

    private static FeedBenchOptions? Apply(FeedBenchOptions o, string name, string value) => name switch
    {
        "--store" when value.ToLowerInvariant() is "sqlite" or "postgresql" => o with { Store = value.ToLowerInvariant() },
        "--seconds" when Count(value, 1, 3_600, out var v) => o with { Seconds = v },
        "--rate" when Count(value, 1, 1_000_000, out var v) => o with { Rate = v },
        "--probes-per-second" when Count(value, 1, 100, out var v) => o with { ProbesPerSecond = v },
        "--kills" when Count(value, 0, 1_000, out var v) => o with { Kills = v },
        "--kill-rate" when Count(value, 1, 1_000_000, out var v) => o with { KillRate = v },
        "--size" when DatasetSize.TryParse(value, out var n) => o with { SizeName = value, Conversations = n },
        "--seed" when ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var s) => o with { Seed = s },
        "--data" when value.Length > 0 => o with { DataDirectory = value },
        "--out" when value.Length > 0 => o with { OutputPath = value == "-" ? "" : value },
        "--set" when value.IndexOf('=', StringComparison.Ordinal) > 0 => o with { ServiceSettings = [.. o.ServiceSettings, "--" + value] },
        _ => null,
    };

    private static bool Count(string text, int minimum, int maximum, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= minimum && value <= maximum;
}
