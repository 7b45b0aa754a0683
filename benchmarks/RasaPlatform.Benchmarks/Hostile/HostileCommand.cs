using RasaPlatform.Benchmarks.Run;
using RasaPlatform.Benchmarks.Run.Steps;

namespace RasaPlatform.Benchmarks.Hostile;

/// <summary>
/// The <c>hostile</c> verb: the hostile-input program's full run. Imports a small data set, starts the Release Api with
/// a 1 MiB body limit, sends <c>--requests</c> hostile requests derived from the contract the service serves, and
/// reports per operation how they were answered; any 5xx, error that is not problem+json, or refused write that
/// changed the store fails the run.
/// </summary>
internal static class HostileCommand
{
    public const string Usage =
        "hostile --store sqlite|postgresql [--requests 12000] [--hostile-seed 1] [--size 200] [--data DIR] [--out docs/benchmarks.md] [--no-build] [--keep]";

    /// <summary>The body limit the service runs with, so that the over-the-limit cases stay small.</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter log)
    {
        var repository = Repository.Locate();
        var defaultData = Path.Combine(Path.GetTempPath(), "rasaplatform-bench", "data");
        var counts = new Dictionary<string, int> { ["--requests"] = 12_000, ["--hostile-seed"] = 1 };
        if (!RunOptions.TryParseVerb(args, counts, ["--size", "200", "--out", "-"], defaultData, out var options, out var problem))
        {
            await log.WriteLineAsync(problem + Environment.NewLine + "usage: " + Usage).ConfigureAwait(false);
            return 2;
        }

        var (requests, seed) = (counts["--requests"], counts["--hostile-seed"]);
        IReadOnlyList<IMeasurementStep> steps =
        [
            new DatasetStep(),
            new BulkImportStep(),
            new ServiceSettingStep($"--Ingestion:MaxBodyBytes={MaxBodyBytes}"),
            new ServiceStartStep(),
            new HostileStep(requests, seed, MaxBodyBytes),
        ];
        var title = $" · hostile input, {requests:N0} requests, seed {seed}";
        return await RunCommand.ExecuteAsync(new RunCommand.Verb("hostile", args, steps, title), options with { Clients = 1 }, repository, output, log).ConfigureAwait(false);
    }

    /// <summary>Adds a setting the service starts with to those of its store.</summary>
    private sealed class ServiceSettingStep(string setting) : IMeasurementStep
    {
        public string Name => "service setting " + setting;

        public Task RunAsync(BenchContext context, CancellationToken cancellationToken)
        {
            context.ServiceStore = [.. context.ServiceStore ?? throw new InvalidOperationException("The bulk import step has not run."), setting];
            return Task.CompletedTask;
        }
    }
}
