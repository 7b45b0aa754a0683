using System.Diagnostics;
using System.Globalization;
using RasaPlatform.Benchmarks.Run;
using RasaPlatform.Benchmarks.Run.Listing;
using RasaPlatform.Benchmarks.Run.Steps;
using RasaPlatform.Benchmarks.Run.Stores;

namespace RasaPlatform.Benchmarks.Recovery;

/// <summary>
/// The <c>recovery</c> verb: how soon a write is listed after an instance is killed with SIGKILL and started again.
/// </summary>
/// <remarks>
/// Imports a data set into a fresh store (so the metadata projection has a backlog when the first kill comes), starts
/// the Release Api (two instances on one database with <c>--second-instance</c>), keeps a <see cref="TurnWriter"/>
/// appending, and runs <see cref="KillCycle"/> <c>--kills</c> times. Then it stops the writer and checks that every
/// conversation stored, whatever the kills interrupted, is projected at its latest revision and listed once. Prints a
/// Markdown report; adds it to <c>--out</c>'s "Recovery after kill -9" section only when given.
/// </remarks>
internal static class RecoveryCommand
{
    public const string Usage = RecoveryOptions.Usage;

    /// <summary>The target: a write after the restart is listed within this, at p99.</summary>
    public const double P99TargetMs = 5000;

    private static readonly TimeSpan CatchUpLimit = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan FirstStartTimeout = TimeSpan.FromMinutes(2);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter log)
    {
        var repository = Repository.Locate();
        var defaultData = Path.Combine(Path.GetTempPath(), "rasaplatform-bench", "data");
        if (!RecoveryOptions.TryParse(args, defaultData, out var options, out var problem))
        {
            await log.WriteLineAsync(problem + Environment.NewLine + "usage: " + Usage).ConfigureAwait(false);
            return 2;
        }

        if (await VerbSetup.CreateAsync("recovery", options.Store, options.Keep, log).ConfigureAwait(false) is not { } setup)
        {
            return 2;
        }

        using var cancel = setup.Cancel;
        var (work, store) = (setup.WorkFolder, setup.Store);
        try
        {
            var run = new RecoveryRun(options, repository, store, work, log);
            var report = await run.MeasureAsync(args, cancel.Token).ConfigureAwait(false);
            await output.WriteLineAsync(report.Text).ConfigureAwait(false);
            if (!report.Completed)
            {
                await log.WriteLineAsync("recovery: not added to the notes, the run failed.").ConfigureAwait(false);
                return 1;
            }

            if (options.OutputPath.Length > 0)
            {
                await RecoveryNotes.AddAsync(options.OutputPath, report.Text, cancel.Token).ConfigureAwait(false);
                await log.WriteLineAsync($"recovery: added to {Path.GetFullPath(options.OutputPath)}").ConfigureAwait(false);
            }

            return 0;
        }
        finally
        {
            ChildProcess.KillAll();
            await store.DisposeAsync().ConfigureAwait(false);
            if (!options.Keep)
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    /// <summary>One run of the verb: its setup, kills, final check and report.</summary>
    private sealed class RecoveryRun(RecoveryOptions options, Repository repository, IBenchStore store, string work, TextWriter log)
    {
        private readonly List<KillResult> _kills = [];
        private readonly List<KeyValuePair<string, string>> _raw = [];
        private string _loadAverage = "?";
        private long _events;

        public async Task<(string Text, bool Completed)> MeasureAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
        {
            string? failure = null;
            FinalCheck? final = null;
            _loadAverage = LoadAverage();
            try
            {
                final = await KillAndCheckAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The kills measured so far and the reason are still printed.
                await log.WriteLineAsync($"recovery: failed: {e}").ConfigureAwait(false);
                failure = $"{e.GetType().Name}: {e.Message.Split(Environment.NewLine)[0]}";
            }

            var header = await HeaderAsync(args, failure, cancellationToken).ConfigureAwait(false);
            return (RecoveryReport.Build(header, options, _kills, final, _raw), failure is null);
        }

        private async Task<FinalCheck> KillAndCheckAsync(CancellationToken cancellationToken)
        {
            if (options.Build)
            {
                Progress($"building the Release Api");
                await repository.BuildApiAsync(log, cancellationToken).ConfigureAwait(false);
            }

            var data = DataSet.Prepare(options.DataDirectory, options.Conversations, options.Seed, log);
            var settings = await store.CreateServiceStoreAsync($"rasabench_{options.Store}_recovery_{options.SizeKey}", cancellationToken).ConfigureAwait(false);
            Progress($"importing {options.Conversations:N0} conversations");
            var import = await ImportChild.RunAsync(repository.ApiAssembly, work, settings, [data.Main], cancellationToken).ConfigureAwait(false);
            if (import.ExitCode != 0)
            {
                throw new InvalidOperationException($"The import failed (exit {import.ExitCode}): {import.Summary}");
            }

            _events = data.MainEvents;
            Add("import.summary", $"{import.Summary}");
            var token = await ApiService.CreateTokenAsync(repository.ApiAssembly, settings, work, cancellationToken).ConfigureAwait(false);
            var instances = Enumerable.Range(0, options.Instances)
                .Select(i => new ApiInstance(((char)('A' + i)).ToString(), repository.ApiAssembly, settings, work, token))
                .ToList();
            try
            {
                return await WithInstancesAsync(instances, settings, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                foreach (var instance in instances)
                {
                    await log.WriteLineAsync($"recovery: instance {instance.Name}'s last lines:{Environment.NewLine}{string.Join(Environment.NewLine, instance.Tail)}").ConfigureAwait(false);
                }

                throw;
            }
            finally
            {
                foreach (var instance in instances)
                {
                    await instance.DisposeAsync().ConfigureAwait(false);
                }
            }
        }

        private async Task<FinalCheck> WithInstancesAsync(List<ApiInstance> instances, IReadOnlyList<string> settings, CancellationToken cancellationToken)
        {
            foreach (var instance in instances)
            {
                instance.Start();
            }

            foreach (var instance in instances)
            {
                await instance.WaitUntilAnsweringAsync(FirstStartTimeout, cancellationToken).ConfigureAwait(false);
            }

            await using var queue = await QueueView.OpenAsync(settings, cancellationToken).ConfigureAwait(false);
            var tag = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}");
            var writer = new TurnWriter(new FreshnessTurns(HttpAppendStep.Batches(options.Seed + 3, 5)), tag, c => instances[c % instances.Count]);
            using var stopWriter = new CancellationTokenSource();
            var writing = writer.RunAsync(stopWriter.Token);
            var cycle = new KillCycle(instances, queue, writer, tag);
            try
            {
                for (var number = 1; number <= options.Kills; number++)
                {
                    var result = await cycle.RunAsync(number, cancellationToken).ConfigureAwait(false);
                    _kills.Add(result);
                    Progress($"kill {number}: {Describe(result)}");
                }
            }
            finally
            {
                await stopWriter.CancelAsync().ConfigureAwait(false);
                await writing.ConfigureAwait(false);
            }

            Add("writer.appends", $"{writer.Acknowledged} acknowledged, {writer.Failed} failed (refused or cut while an instance was down)");
            return await CheckAsync(instances, queue, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>After the writer stopped: waits until the projection caught up, then compares the listing with the store.</summary>
        private static async Task<FinalCheck> CheckAsync(List<ApiInstance> instances, QueueView queue, CancellationToken cancellationToken)
        {
            var started = Stopwatch.GetTimestamp();
            var state = await queue.StateAsync(cancellationToken).ConfigureAwait(false);
            while (!state.CaughtUp && Stopwatch.GetElapsedTime(started) < CatchUpLimit)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
                state = await queue.StateAsync(cancellationToken).ConfigureAwait(false);
            }

            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var listed = new List<long>();
            foreach (var instance in instances)
            {
                var page = await ListingPage.GetAsync(instance.Client, "limit=1", cancellationToken).ConfigureAwait(false);
                listed.Add(page.Total ?? -1);
            }

            return new FinalCheck(state, seconds, listed);
        }

        private async Task<IReadOnlyList<string>> HeaderAsync(IReadOnlyList<string> args, string? failure, CancellationToken cancellationToken)
        {
            var now = NodaTime.Text.InstantPattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm:ss").Format(NodaTime.SystemClock.Instance.GetCurrentInstant());
            var dotnet = (await repository.OutputAsync("dotnet", ["--version"], cancellationToken).ConfigureAwait(false)).Trim();
            var commit = await repository.CommitAsync(cancellationToken).ConfigureAwait(false);
            var instances = options.SecondInstance ? "two instances" : "one instance";
            var command = "dotnet run -c Release --project benchmarks/RasaPlatform.Benchmarks -- recovery " + string.Join(' ', args);
            return
            [
                string.Create(CultureInfo.InvariantCulture, $"### {now} UTC · recovery after kill -9 · {options.Store}, {instances} · size {options.SizeName} ({options.Conversations:N0} conversations, {_events:N0} events) · {commit}"),
                "",
                $"- machine: {MachineInfo.Describe()}; .NET SDK {dotnet}; load average at the start {_loadAverage}",
                $"- command: `{command}`",
                string.Create(CultureInfo.InvariantCulture, $"- writer: {TurnWriter.Clients} clients × a turn of 5 events every {TurnWriter.TurnIntervalMs} ms to {TurnWriter.Clients * TurnWriter.ConversationsPerClient} conversations of their own{(options.SecondInstance ? ", one client per instance" : "")}, and a turn to {KillCycle.BurstConversations} of them at once ({TurnWriter.BurstParallelism} at a time) just before each kill, which comes as soon as the store shows the instance holding claims; probes polled every {KillCycle.PollIntervalMs} ms, given up at {KillCycle.GiveUpSeconds} s"),
                .. failure is null ? Array.Empty<string>() : [$"- **run failed**: {failure}"],
            ];
        }

        private void Add(string key, FormattableString value) => _raw.Add(new(key, value.ToString(CultureInfo.InvariantCulture)));

        private void Progress(FormattableString line) => log.WriteLine("recovery: " + line.ToString(CultureInfo.InvariantCulture));

        private static string Describe(KillResult r)
        {
            var kill = string.Create(
                CultureInfo.InvariantCulture,
                $"{r.Instance} killed with {r.StrandedClaims} claims ({r.StrandedWriterClaims} on written conversations), {r.QueuedAtKill} queued; answered {r.KillToAnswerMs:F0} ms after the kill");
            var probes = r.Probes.Select(p => string.Create(
                CultureInfo.InvariantCulture,
                $"{p.Kind}{(p.WasClaimed ? " (claimed)" : "")} via {p.Via} {(p.Listed ? "" : "NOT ")}{p.Milliseconds:F0} ms"));
            return kill + "; listed after " + string.Join(", ", probes);
        }

        private static string LoadAverage()
        {
            try
            {
                return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
            }
            catch (IOException)
            {
                return "?";
            }
        }
    }
}

/// <summary>The store and the listing once the writer stopped and the projection caught up.</summary>
/// <param name="State">The store's counts at the end of the wait.</param>
/// <param name="Seconds">How long the wait for the projection took.</param>
/// <param name="Listed">Each instance's unfiltered listing count (<c>X-Total-Count</c>).</param>
internal sealed record FinalCheck(QueueState State, double Seconds, IReadOnlyList<long> Listed)
{
    /// <summary>Every conversation stored is projected at its latest revision and listed, once, by every instance.</summary>
    public bool Passed => State.CaughtUp && Listed.All(l => l == State.Conversations);
}
