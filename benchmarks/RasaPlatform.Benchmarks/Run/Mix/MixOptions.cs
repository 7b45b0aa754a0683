using System.Globalization;
using RasaPlatform.Benchmarks.Generation;

namespace RasaPlatform.Benchmarks.Run.Mix;

/// <summary>The options of the <c>mix</c> verb: the run's own (store, size, data, output) and the mix's.</summary>
/// <param name="Run">Store, size, seed, data folder, output (none unless <c>--out</c>), build and keep, as <c>run</c> reads them.</param>
/// <param name="Seconds">How long writers and readers run.</param>
/// <param name="Writers">Concurrent writer clients.</param>
/// <param name="Readers">Concurrent reader clients.</param>
internal sealed record MixOptions(RunOptions Run, int Seconds, int Writers, int Readers)
{
    public const string Usage =
        "mix --store sqlite|postgresql --size S|M|L|<conversations> [--seconds 60] [--writers 8] [--readers 32] [--seed 42] "
        + "[--data DIR] [--out docs/benchmarks.md] [--no-build] [--keep]";

    public static bool TryParse(IReadOnlyList<string> args, string defaultData, out MixOptions options, out string problem)
    {
        options = new MixOptions(new RunOptions("", "", 0, 42, defaultData, "", 10, 8, 200, Build: true, Keep: false), 60, 8, 32);
        problem = "";
        var run = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "--seconds" or "--writers" or "--readers")
            {
                if (i + 1 >= args.Count || !Positive(args[i + 1], out var value))
                {
                    problem = $"Bad or incomplete option '{args[i]}'.";
                    return false;
                }

                options = args[i] switch
                {
                    "--seconds" => options with { Seconds = value },
                    "--writers" => options with { Writers = value },
                    _ => options with { Readers = value },
                };
                i++;
                continue;
            }

            if (args[i] is "--append-seconds" or "--clients" or "--requests")
            {
                problem = $"'{args[i]}' is an option of run, not of mix.";
                return false;
            }

            run.Add(args[i]);
        }

        // The mix appends to the notes only when asked: without --out, to nothing.
        if (!run.Contains("--out"))
        {
            run.AddRange(["--out", "-"]);
        }

        if (!RunOptions.TryParse(run, defaultData, "", out var parsed, out problem))
        {
            return false;
        }

        // The service's client keeps a connection per writer and reader, and two for the step's own requests.
        options = options with { Run = parsed with { Clients = options.Writers + options.Readers } };
        return true;
    }

    private static bool Positive(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value is > 0 and <= 10_000;
}
