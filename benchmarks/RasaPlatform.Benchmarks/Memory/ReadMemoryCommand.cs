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
        var counts = new Dictionary<string, int> { ["--events"] = 30_000, ["--event-bytes"] = 1_200, ["--reads"] = 3 };

        // No data set is generated: --size only names the store.
        if (!RunOptions.TryParseVerb(args, counts, ["--size", "30000", "--out", "-"], defaultData, out var options, out var problem))
        {
            await log.WriteLineAsync(problem + Environment.NewLine + "usage: " + Usage).ConfigureAwait(false);
            return 2;
        }

        var (events, eventBytes, reads) = (counts["--events"], counts["--event-bytes"], counts["--reads"]);
        var title = $" · read memory of one conversation of {events:N0} events of ~{eventBytes:N0} bytes";
        return await RunCommand.ExecuteAsync(
            new RunCommand.Verb("read-memory", args, [new ReadMemoryStep(events, eventBytes, reads)], title, Subject: "one conversation"),
            options with { Clients = 1 },
            repository,
            output,
            log).ConfigureAwait(false);
    }
}
