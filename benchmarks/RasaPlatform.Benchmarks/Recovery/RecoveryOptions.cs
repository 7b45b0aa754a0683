using System.Globalization;
using RasaPlatform.Benchmarks.Generation;

namespace RasaPlatform.Benchmarks.Recovery;

/// <summary>The options of the <c>recovery</c> verb.</summary>
/// <param name="Store"><c>sqlite</c> or <c>postgresql</c>.</param>
/// <param name="Kills">How many times an instance is killed and restarted.</param>
/// <param name="SecondInstance">Whether two instances share the store (PostgreSQL only); one of them is killed each time.</param>
/// <param name="SizeName">The <c>--size</c> argument as given (<c>S</c>, <c>M</c>, <c>L</c> or a number).</param>
/// <param name="Conversations">Conversations in the imported data set.</param>
/// <param name="Seed">The generator's seed.</param>
/// <param name="DataDirectory">Where generated files are cached, keyed by size and seed.</param>
/// <param name="OutputPath">The Markdown file the report is added to; empty (the default) to add it nowhere.</param>
/// <param name="Build">Whether to build the Release Api before running it.</param>
/// <param name="Keep">Whether to keep the store (file, database) after the run.</param>
internal sealed record RecoveryOptions(
    string Store,
    int Kills,
    bool SecondInstance,
    string SizeName,
    long Conversations,
    ulong Seed,
    string DataDirectory,
    string OutputPath,
    bool Build,
    bool Keep)
{
    public const string Usage =
        "recovery --store sqlite|postgresql [--kills 10] [--second-instance] [--size 2000|S|M|L] [--seed 42] [--data DIR] "
        + "[--out docs/benchmarks.md] [--no-build] [--keep]";

    /// <summary>The data set imported before the first kill unless <c>--size</c> says otherwise: a few thousand conversations.</summary>
    public const long DefaultConversations = 2_000;

    /// <summary>How many instances run on the store.</summary>
    public int Instances => SecondInstance ? 2 : 1;

    /// <summary>The size as a lower-case identifier, for database and file names.</summary>
    public string SizeKey => SizeName.ToLowerInvariant();

    public static bool TryParse(IReadOnlyList<string> args, string defaultData, out RecoveryOptions options, out string problem)
    {
        options = new RecoveryOptions("", 10, false, DefaultConversations.ToString(CultureInfo.InvariantCulture), DefaultConversations, 42, defaultData, "", Build: true, Keep: false);
        if (!OptionReader.TryRead(args, options, Flag, Apply, out options, out problem))
        {
            return false;
        }

        problem = options.Store.Length == 0 ? "--store is required."
            : options.SecondInstance && options.Store != "postgresql" ? "--second-instance needs --store postgresql: an embedded SQLite file has one instance."
            : "";
        return problem.Length == 0;
    }

    /// <summary>The options with the flag <paramref name="name"/> set; null when it is not one of this verb's flags.</summary>
    private static RecoveryOptions? Flag(RecoveryOptions o, string name) => name switch
    {
        "--keep" => o with { Keep = true },
        "--no-build" => o with { Build = false },
        "--second-instance" => o with { SecondInstance = true },
        _ => null,
    };

    private static RecoveryOptions? Apply(RecoveryOptions o, string name, string value) => name switch
    {
        "--store" when value.ToLowerInvariant() is "sqlite" or "postgresql" => o with { Store = value.ToLowerInvariant() },
        "--kills" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k is > 0 and <= 1000 => o with { Kills = k },
        "--size" when DatasetSize.TryParse(value, out var n) => o with { SizeName = value, Conversations = n },
        "--seed" when ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var s) => o with { Seed = s },
        "--data" when value.Length > 0 => o with { DataDirectory = value },
        "--out" when value.Length > 0 => o with { OutputPath = value },
        _ => null,
    };
}
