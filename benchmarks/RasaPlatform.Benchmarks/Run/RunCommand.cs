using System.Diagnostics;
using System.Globalization;
using NodaTime;
using NodaTime.Text;
using RasaPlatform.Benchmarks.Run.Steps;
using RasaPlatform.Benchmarks.Run.Stores;

namespace RasaPlatform.Benchmarks.Run;

/// <summary>
/// The <c>run</c> verb: measures import, append and read of the Api (run as child processes on loopback) against
/// Rasa's SQLTrackerStore table in the same engine, prints a Markdown table and appends it to the benchmarks notes.
/// </summary>
internal static class RunCommand
{
    public const string Usage = RunOptions.Usage;

    /// <summary>The PostgreSQL server the runs use: <c>export $(bash build/postgres.sh | tail -1)</c> sets it.</summary>
    public const string PostgresVariable = "RASA_TEST_POSTGRES";

    /// <summary>The measurement steps, in order. Later rows (listing, analytics) are new steps added here.</summary>
    private static IReadOnlyList<IMeasurementStep> Steps() =>
    [
        new DatasetStep(),
        new DuckDbLoadStep(keep: true),
        new BareInsertStep(),
        new BulkImportStep(),
        new ImportMemoryStep(),
        new FreshnessTurnsStep(),
        new ServiceStartStep(),
        new MetadataCatchUpStep(),
        new ListingStep(),
        new AnalyticsStep(),
        new ReadLatencyStep(),
        new HttpAppendStep(),
        new FreshnessStep(),
        new MarkersStep(),
        new ServiceMemoryStep(),
    ];

    /// <summary>
    /// The steps of the <c>catch-up</c> verb: <c>run</c>'s import, metadata catch-up and listing freshness, without the
    /// bare insert, the SQL baselines and the reads (which take most of an <c>L</c> run's time); DuckDB's load of the
    /// same NDJSON is timed, for the catch-up to be compared with, and its table dropped at once. Live writes and
    /// freshness probes run beside the catch-up, and again once it is done.
    /// </summary>
    private static IReadOnlyList<IMeasurementStep> CatchUpSteps() =>
    [
        new DatasetStep(),
        new DuckDbLoadStep(keep: false),
        new BulkImportStep(),
        new FreshnessTurnsStep(),
        new ServiceStartStep(),
        new MetadataCatchUpStep(liveWrites: true),
        new FreshnessStep(),
        new ServiceMemoryStep(),
    ];

    /// <summary>
    /// The steps of the <c>dashboard</c> verb: the import and catch-up, then the dashboard's first render in chromium,
    /// with the service's peak memory.
    /// </summary>
    private static IReadOnlyList<IMeasurementStep> DashboardSteps() =>
    [
        new DatasetStep(),
        new BulkImportStep(),
        new ServiceStartStep(),
        new MetadataCatchUpStep(),
        new DashboardRenderStep(),
        new ServiceMemoryStep(),
    ];

    /// <summary>The <c>dashboard</c> verb: <see cref="DashboardSteps"/> with <c>run</c>'s options.</summary>
    public static int RunDashboard(IReadOnlyList<string> args, TextWriter output, TextWriter log) =>
        RunAsync(new Verb("dashboard", args, DashboardSteps(), " · the dashboard's first render"), output, log).GetAwaiter().GetResult();

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter log) =>
        RunAsync(new Verb("run", args, Steps(), ""), output, log).GetAwaiter().GetResult();

    /// <summary>The <c>rasa-sql-import</c> verb: <c>import --from-rasa-sql</c> from the data set in Rasa's SQLTrackerStore layout.</summary>
    public static int RunRasaSqlImport(IReadOnlyList<string> args, TextWriter output, TextWriter log) =>
        RunAsync(
            new Verb("rasa-sql-import", args, [new DatasetStep(), new RasaSql.RasaSqlImportStep()], " · import from a Rasa SQL tracker store only"),
            output,
            log).GetAwaiter().GetResult();

    /// <summary>The <c>catch-up</c> verb: <see cref="CatchUpSteps"/> with <c>run</c>'s options.</summary>
    public static int RunCatchUp(IReadOnlyList<string> args, TextWriter output, TextWriter log) =>
        RunAsync(new Verb("catch-up", args, CatchUpSteps(), " · import, catch-up and freshness only"), output, log).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(Verb verb, TextWriter output, TextWriter log)
    {
        var repository = Repository.Locate();
        var defaultData = Path.Combine(Path.GetTempPath(), "rasaplatform-bench", "data");
        var defaultOut = Path.Combine(repository.Root, "docs", "benchmarks.md");
        if (!RunOptions.TryParse(verb.Arguments, defaultData, defaultOut, out var options, out var problem))
        {
            await log.WriteLineAsync(problem + Environment.NewLine + "usage: " + Usage).ConfigureAwait(false);
            return 2;
        }

        return await ExecuteAsync(verb, options, repository, output, log).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="verb"/>'s steps in a scratch folder against a store of <paramref name="options"/>' engine,
    /// prints the report and appends it to the options' output file if the run succeeded; cleans up either way.
    /// </summary>
    /// <returns>The process exit code: 0 done, 1 a step failed, 2 the PostgreSQL server is not configured.</returns>
    internal static async Task<int> ExecuteAsync(Verb verb, RunOptions options, Repository repository, TextWriter output, TextWriter log)
    {
        if (await VerbSetup.CreateAsync(verb.Name, options.Store, options.Keep, log).ConfigureAwait(false) is not { } setup)
        {
            return 2;
        }

        using var cancel = setup.Cancel;
        var context = new BenchContext(options, repository, setup.Store, setup.WorkFolder, log) { StoreNamePrefix = verb.Name == "run" ? "rasabench" : "rasabench_" + verb.Name.Replace('-', '_') };
        try
        {
            return await MeasureAndReportAsync(context, verb, output, cancel.Token).ConfigureAwait(false);
        }
        finally
        {
            await CleanUpAsync(context).ConfigureAwait(false);
        }
    }

    private static async Task<int> MeasureAndReportAsync(BenchContext context, Verb verb, TextWriter output, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var failure = await MeasureAsync(context, verb.Steps, cancellationToken).ConfigureAwait(false);
        context.AddRaw("run.seconds", $"{Stopwatch.GetElapsedTime(started).TotalSeconds:F1}");
        var header = await HeaderAsync(context, verb, failure, cancellationToken).ConfigureAwait(false);
        var report = MarkdownReport.Build(header, context.Rows, context.Sections, context.Raw);
        await output.WriteLineAsync(report).ConfigureAwait(false);
        if (failure is not null)
        {
            await context.Log.WriteLineAsync("bench: not appended to the notes, the run failed.").ConfigureAwait(false);
            return 1;
        }

        if (context.Options.OutputPath.Length > 0)
        {
            await AppendAsync(context.Options.OutputPath, report, cancellationToken).ConfigureAwait(false);
            context.Progress($"appended to {Path.GetFullPath(context.Options.OutputPath)}");
        }

        return 0;
    }

    /// <summary>Runs the steps in order, stopping at the first that fails.</summary>
    /// <returns>Null, or what failed.</returns>
    private static async Task<string?> MeasureAsync(BenchContext context, IReadOnlyList<IMeasurementStep> steps, CancellationToken cancellationToken)
    {
        if (context.Options.Build)
        {
            context.Progress($"building the Release Api");
            await context.Repository.BuildApiAsync(context.Log, cancellationToken).ConfigureAwait(false);
        }

        foreach (var step in steps)
        {
            var started = Stopwatch.GetTimestamp();
            context.Progress($"{step.Name}...");
            try
            {
                await step.RunAsync(context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Any failure ends the run, but the rows measured so far and the reason are still printed.
                await context.Log.WriteLineAsync($"bench: {step.Name} failed: {e}").ConfigureAwait(false);
                if (context.Service?.Process is { ExitCode: { } code } service)
                {
                    await context.Log.WriteLineAsync($"bench: the service had exited ({code}); its last lines:{Environment.NewLine}{string.Join(Environment.NewLine, service.Tail)}").ConfigureAwait(false);
                }

                return $"{step.Name}: {e.GetType().Name}: {e.Message}";
            }

            context.Progress($"{step.Name} done in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
        }

        return null;
    }

    private static async Task<IReadOnlyList<string>> HeaderAsync(BenchContext context, Verb verb, string? failure, CancellationToken cancellationToken)
    {
        var o = context.Options;
        var now = InstantPattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm:ss").Format(SystemClock.Instance.GetCurrentInstant());
        var dotnet = (await context.Repository.OutputAsync("dotnet", ["--version"], cancellationToken).ConfigureAwait(false)).Trim();
        var commit = await context.Repository.CommitAsync(cancellationToken).ConfigureAwait(false);
        var events = context.Data is { } d ? d.ImportEvents.ToString("N0", CultureInfo.InvariantCulture) : "?";
        var command = $"dotnet run -c Release --project benchmarks/RasaPlatform.Benchmarks -- {verb.Name} " + string.Join(' ', verb.Arguments);
        return
        [
            string.Create(CultureInfo.InvariantCulture, $"### {now} UTC · {o.Store} · {verb.Subject ?? $"size {o.SizeName} ({o.Conversations:N0} conversations, {events} events)"}{verb.Title} · {commit}"),
            "",
            $"- machine: {MachineInfo.Describe()}; .NET SDK {dotnet}",
            $"- command: `{command}`",
            .. failure is null ? Array.Empty<string>() : [$"- **run failed** at {failure}"],
        ];
    }

    /// <summary>A verb of the program that runs measurement steps.</summary>
    /// <param name="Name">The verb, e.g. <c>run</c>: the report's command line, the scratch folder and the stores are named after it.</param>
    /// <param name="Arguments">Its arguments as given, for the report's command line.</param>
    /// <param name="Steps">Its steps, run in order.</param>
    /// <param name="Title">Added to the report's title after the data set, e.g. <c>" · mix of 8 writers"</c>; may be empty.</param>
    /// <param name="Subject">What the report's title says was measured, for a verb without a data set; null for the data set's size.</param>
    internal sealed record Verb(string Name, IReadOnlyList<string> Arguments, IReadOnlyList<IMeasurementStep> Steps, string Title, string? Subject = null);

    private static async Task AppendAsync(string path, string report, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        if (!File.Exists(path))
        {
            await File.WriteAllTextAsync(path, "# Benchmarks\n\nRuns of `benchmarks/RasaPlatform.Benchmarks run`, newest last; see the README's Benchmarks section.\n", cancellationToken).ConfigureAwait(false);
        }

        await File.AppendAllTextAsync(path, Environment.NewLine + report, cancellationToken).ConfigureAwait(false);
    }

    private static async Task CleanUpAsync(BenchContext context)
    {
        if (context.Service is { } service)
        {
            await service.DisposeAsync().ConfigureAwait(false);
        }

        ChildProcess.KillAll();
        if (context.DuckDb is { } duck)
        {
            await duck.DisposeAsync().ConfigureAwait(false);
        }

        if (context.RasaTable is { } table)
        {
            await table.DisposeAsync().ConfigureAwait(false);
        }

        await context.Store.DisposeAsync().ConfigureAwait(false);
        if (!context.Options.Keep)
        {
            Directory.Delete(context.WorkFolder, recursive: true);
        }
    }
}

/// <summary>What every verb that runs the Api needs first: its scratch folder, its engine's stores, Ctrl-C.</summary>
/// <param name="WorkFolder">The verb's scratch folder, created; the caller deletes it unless the stores are kept.</param>
/// <param name="Store">Fresh stores of the chosen engine in it (or on the configured PostgreSQL server).</param>
/// <param name="Cancel">Cancelled by Ctrl-C; the caller disposes it.</param>
internal sealed record VerbSetup(string WorkFolder, IBenchStore Store, CancellationTokenSource Cancel)
{
    /// <summary>
    /// The setup of verb <paramref name="verb"/> on <paramref name="store"/> (<c>sqlite</c> or <c>postgresql</c>); null,
    /// after saying why, when PostgreSQL is chosen and <see cref="RunCommand.PostgresVariable"/> is not set. Child
    /// processes are killed when the program exits.
    /// </summary>
    public static async Task<VerbSetup?> CreateAsync(string verb, string store, bool keep, TextWriter log)
    {
        var postgres = Environment.GetEnvironmentVariable(RunCommand.PostgresVariable);
        if (store == "postgresql" && string.IsNullOrEmpty(postgres))
        {
            await log.WriteLineAsync($"{RunCommand.PostgresVariable} is not set: export $(bash build/postgres.sh | tail -1)").ConfigureAwait(false);
            return null;
        }

        var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => ChildProcess.KillAll();

        var work = Path.Combine(Path.GetTempPath(), "rasaplatform-bench", string.Create(CultureInfo.InvariantCulture, $"{verb}-{Environment.ProcessId}"));
        Directory.CreateDirectory(work);
        IBenchStore stores = store == "sqlite" ? new SqliteBenchStore(work, keep) : new PostgresBenchStore(postgres!, keep);
        return new VerbSetup(work, stores, cancel);
    }
}
