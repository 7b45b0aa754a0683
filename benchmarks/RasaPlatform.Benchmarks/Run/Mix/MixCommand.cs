using RasaPlatform.Benchmarks.Run.Steps;

namespace RasaPlatform.Benchmarks.Run.Mix;

/// <summary>
/// The <c>mix</c> verb: imports the data set, starts the Api, and runs writers (appends, replacements, flags, tags,
/// deletions) beside readers for a fixed time; reports requests and statuses per kind, and on PostgreSQL the deadlocks
/// the server counted and logged and the deadlock retries the service logged.
/// </summary>
internal static class MixCommand
{
    public const string Usage = MixOptions.Usage;

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter log) =>
        RunAsync(args, output, log).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter log)
    {
        var repository = Repository.Locate();
        var defaultData = Path.Combine(Path.GetTempPath(), "rasaplatform-bench", "data");
        if (!MixOptions.TryParse(args, defaultData, out var options, out var problem))
        {
            await log.WriteLineAsync(problem + Environment.NewLine + "usage: " + Usage).ConfigureAwait(false);
            return 2;
        }

        IReadOnlyList<IMeasurementStep> steps =
        [
            new DatasetStep(),
            new BulkImportStep(),
            new ServiceStartStep(),
            new MetadataCatchUpStep(),
            new MixStep(options),
        ];
        var title = $" · mix of {options.Writers} writers and {options.Readers} readers for {options.Seconds} s";
        return await RunCommand.ExecuteAsync(new RunCommand.Verb("mix", args, steps, title), options.Run, repository, output, log).ConfigureAwait(false);
    }
}
