using System.Globalization;
using RasaPlatform.Benchmarks.Run;

namespace RasaPlatform.Benchmarks.Memory;

/// <summary>
/// The <c>read-memory</c> verb: how much a read of one large conversation raises the service's resident memory, per
/// endpoint. Target: at most twice the conversation's stored size over the idle service.
/// </summary>
internal static class ReadMemoryCommand
{
    public const string Usage =
        "read-memory --store sqlite|postgresql [--events 30000] [--event-bytes 1200] [--reads 3] [--out docs/benchmarks.md] [--no-build] [--keep]";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter log)
    {
        var repository = Repository.Locate();
        var defaultData = Path.Combine(Path.GetTempPath(), "rasaplatform-bench", "data");
        var (events, eventBytes, reads) = (30_000, 1_200, 3);
        var run = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "--events" or "--event-bytes" or "--reads")
            {
                if (i + 1 >= args.Count || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
                {
                    await log.WriteLineAsync($"Bad or incomplete option '{args[i]}'.{Environment.NewLine}usage: {Usage}").ConfigureAwait(false);
                    return 2;
                }

                (events, eventBytes, reads) = args[i] switch
                {
                    "--events" => (value, eventBytes, reads),
                    "--event-bytes" => (events, value, reads),
                    _ => (events, eventBytes, value),
                };
                i++;
                continue;
            }

            run.Add(args[i]);
        }

        run.AddRange(["--size", events.ToString(CultureInfo.InvariantCulture)]);
        if (!run.Contains("--out"))
        {
            run.AddRange(["--out", "-"]);
        }

        if (!RunOptions.TryParse(run, defaultData, "", out var options, out var problem))
        {
            await log.WriteLineAsync(problem + Environment.NewLine + "usage: " + Usage).ConfigureAwait(false);
            return 2;
        }

        var title = $" · read memory of one conversation of {events:N0} events of ~{eventBytes:N0} bytes";
        return await RunCommand.ExecuteAsync(
            new RunCommand.Verb("read-memory", args, [new ReadMemoryStep(events, eventBytes, reads)], title),
            options with { Clients = 1 },
            repository,
            output,
            log).ConfigureAwait(false);
    }
}
