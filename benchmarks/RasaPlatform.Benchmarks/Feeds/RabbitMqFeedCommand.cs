using System.Globalization;
using RasaPlatform.Benchmarks.Recovery;
using RasaPlatform.Benchmarks.Run;

namespace RasaPlatform.Benchmarks.Feeds;

/// <summary>
/// The <c>rabbitmq-feed</c> verb: the service consuming Rasa's RabbitMQ event broker. How many events per second it
/// commits, how soon a published event is listed, and whether every event is stored exactly once when the service is
/// killed with SIGKILL while it consumes.
/// </summary>
/// <remarks>
/// Starts the Release Api on a fresh store with its feed pointed at an exchange and a queue of the run's own, declared
/// as Rasa declares them (deleted at the end), and publishes the generated data set's events in Rasa's format through
/// a <see cref="ConfirmingPublisher"/>, in phases (<see cref="FeedRun"/>): as fast as the confirms allow, then at
/// <c>--rate</c>, then (with <c>--kills</c>) at <c>--kill-rate</c> while the service is killed and restarted. At the
/// end every conversation published to is read back and compared with what was published. Prints a Markdown report;
/// adds it to <c>--out</c>'s <see cref="Heading"/> section only when given.
/// </remarks>
internal static class RabbitMqFeedCommand
{
    public const string Usage = FeedBenchOptions.Usage;

    /// <summary>The service's feed settings when the run sets none: the report states them.</summary>
    private static readonly RasaPlatform.Feeds.RabbitMqFeedOptions Defaults = new();

    /// <summary>The broker the runs use: <c>export $(bash build/rabbitmq.sh | tail -1)</c> sets it.</summary>
    public const string BrokerVariable = "RASA_TEST_RABBITMQ";

    /// <summary>The notes' section the reports go to.</summary>
    public const string Heading = "## RabbitMQ feed (issue 23)";

    /// <summary>The throughput target, events committed per second (on SQLite).</summary>
    public const double RateTarget = 10_000;

    /// <summary>The freshness target: a published event is listed within this, at p99.</summary>
    public const double P99TargetMs = 1000;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter log)
    {
        var repository = Repository.Locate();
        var defaultData = Path.Combine(Path.GetTempPath(), "rasaplatform-bench", "data");
        if (!FeedBenchOptions.TryParse(args, defaultData, out var options, out var problem))
        {
            await log.WriteLineAsync(problem + Environment.NewLine + "usage: " + Usage).ConfigureAwait(false);
            return 2;
        }

        if (Environment.GetEnvironmentVariable(BrokerVariable) is not { Length: > 0 } broker)
        {
            await log.WriteLineAsync($"{BrokerVariable} is not set: export $(bash build/rabbitmq.sh | tail -1)").ConfigureAwait(false);
            return 2;
        }

        if (await VerbSetup.CreateAsync("rabbitmq-feed", options.Store, options.Keep, log).ConfigureAwait(false) is not { } setup)
        {
            return 2;
        }

        using var cancel = setup.Cancel;
        var (work, store) = (setup.WorkFolder, setup.Store);
        try
        {
            var run = new FeedRun(options, broker, repository, store, work, log);
            var report = await run.MeasureAsync(args, cancel.Token).ConfigureAwait(false);
            await output.WriteLineAsync(report.Text).ConfigureAwait(false);
            if (!report.Completed)
            {
                await log.WriteLineAsync("rabbitmq-feed: not added to the notes, the run failed.").ConfigureAwait(false);
                return 1;
            }

            if (options.OutputPath.Length > 0)
            {
                await RecoveryNotes.AddAsync(options.OutputPath, report.Text, Heading, cancel.Token).ConfigureAwait(false);
                await log.WriteLineAsync($"rabbitmq-feed: added to {Path.GetFullPath(options.OutputPath)}").ConfigureAwait(false);
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

    /// <summary>The report's header: when, where, what, how.</summary>
    internal static async Task<IReadOnlyList<string>> HeaderAsync(
        Repository repository, FeedBenchOptions options, IReadOnlyList<string> args, FeedRunFacts facts, string? failure, CancellationToken cancellationToken)
    {
        var now = NodaTime.Text.InstantPattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm:ss").Format(NodaTime.SystemClock.Instance.GetCurrentInstant());
        var dotnet = (await repository.OutputAsync("dotnet", ["--version"], cancellationToken).ConfigureAwait(false)).Trim();
        var commit = await repository.CommitAsync(cancellationToken).ConfigureAwait(false);
        var command = "dotnet run -c Release --project benchmarks/RasaPlatform.Benchmarks -- rabbitmq-feed " + string.Join(' ', args);
        var kills = options.Kills > 0 ? string.Create(CultureInfo.InvariantCulture, $" · {options.Kills} kills -9") : "";
        var settings = options.ServiceSettings.Count > 0 ? "; settings " + string.Join(' ', options.ServiceSettings.Select(s => $"`{s}`")) : "";
        return
        [
            string.Create(CultureInfo.InvariantCulture, $"### {now} UTC · RabbitMQ feed · {options.Store} · {facts.Published:N0} events published ({facts.Conversations:N0} conversations of size {options.SizeName}){kills} · {commit}"),
            "",
            $"- machine: {MachineInfo.Describe()}; .NET SDK {dotnet}; load average at the start {facts.LoadAverage}; broker: {facts.Broker} on this machine",
            $"- command: `{command}`",
            string.Create(CultureInfo.InvariantCulture, $"- publisher: one connection, one channel with publisher confirms, at most {ConfirmingPublisher.Window:N0} unconfirmed; Rasa's message (the event with `sender_id` first, persistent, `app_id` {ConfirmingPublisher.RasaEnvironment}) for each event of the generated data set, {RasaMessageStream.DefaultLive:N0} conversations interleaved; phases of {options.Seconds} s at full speed and at {options.Rate:N0} events/s{(options.Kills > 0 ? $", then {options.Kills} kill rounds at {options.KillRate:N0} events/s" : "")}"),
            string.Create(CultureInfo.InvariantCulture, $"- probes: {options.ProbesPerSecond} a second, each a user event with a unique intent into a new conversation, published among the others; from its confirm one `GET /api/conversations?intent=a,b,…` for all probes not yet listed every {ProbeWatcher.PollIntervalMs} ms, given up at {ProbeWatcher.GiveUpSeconds} s; the service warmed up by {FeedRun.WarmupSeconds} s of publishing first"),
            string.Create(CultureInfo.InvariantCulture, $"- service: the Release Api, exchange and queue of the run's own, `Feeds:RabbitMq` defaults (prefetch {Defaults.Prefetch:N0}, batch {Defaults.BatchSize:N0}, exclusive consumer){settings}"),
            .. failure is null ? Array.Empty<string>() : [$"- **run failed**: {failure}"],
        ];
    }
}

/// <summary>What the header needs to know about a run.</summary>
/// <param name="Published">Events published (data set and probes).</param>
/// <param name="Conversations">Conversations published to.</param>
/// <param name="Broker">The broker's product and version.</param>
/// <param name="LoadAverage">The machine's load average when the run started.</param>
internal sealed record FeedRunFacts(long Published, long Conversations, string Broker, string LoadAverage);
