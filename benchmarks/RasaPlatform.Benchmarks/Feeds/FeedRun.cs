using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using NodaTime;
using RasaPlatform.Benchmarks.Generation;
using RasaPlatform.Benchmarks.Recovery;
using RasaPlatform.Benchmarks.Run;
using RasaPlatform.Benchmarks.Run.Listing;
using RasaPlatform.Benchmarks.Run.Stores;

namespace RasaPlatform.Benchmarks.Feeds;

/// <summary>One run of the <c>rabbitmq-feed</c> verb: the service, the publishing phases, the kills and the final check.</summary>
/// <remarks>
/// <para>
/// Each phase publishes the data set's next messages (<see cref="RasaMessageStream"/>, never one twice) and waits until
/// the store holds every event published so far. <b>committed/s</b> is the phase's events over the time from its first
/// publish until the service committed the last of them (its feed's <c>last_commit</c>); the store's count, read
/// directly every second, gives the series and the rate while publishing. Probes (<see cref="ProbeEvent"/>) go into
/// the same queue among the data set's messages, so a probe waits behind whatever backlog there is, as a live
/// conversation would.
/// </para>
/// <para>
/// The kill phase publishes at <c>--kill-rate</c> throughout; each round waits 1 to 4 s (seeded) after the service
/// started consuming, kills it with SIGKILL, counts the store, starts it again on the same store, queue and port, and
/// times until it answers and until its feed is connected.
/// </para>
/// </remarks>
internal sealed class FeedRun(FeedBenchOptions options, string broker, Repository repository, IBenchStore store, string work, TextWriter log)
{
    /// <summary>How long the service is given events to store before the first phase, so that it is measured warm.</summary>
    public const int WarmupSeconds = 3;

    /// <summary>Parallel requests of the final check.</summary>
    private const int CheckParallelism = 8;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    /// <summary>How long the store may gain nothing while events are missing before the wait gives up.</summary>
    private static readonly TimeSpan DrainStall = TimeSpan.FromSeconds(60);

    private readonly List<PhaseResult> _phases = [];
    private readonly List<KillRound> _kills = [];
    private readonly List<CeilingResult> _ceilings = [];
    private readonly List<KeyValuePair<string, string>> _raw = [];
    private readonly ConcurrentDictionary<string, string> _probeIntents = new(StringComparer.Ordinal);
    private readonly string _run = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}{Guid.NewGuid():N}")[..12];
    private string _loadAverage = "?";
    private string _broker = "?";
    private long _published;
    private long _conversations;

    public async Task<(string Text, bool Completed)> MeasureAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        string? failure = null;
        ExactlyOnceTally? check = null;
        _loadAverage = LoadAverage();
        try
        {
            check = await PublishAndCheckAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // What was measured so far and the reason are still printed.
            await log.WriteLineAsync($"rabbitmq-feed: failed: {e}").ConfigureAwait(false);
            failure = $"{e.GetType().Name}: {e.Message.Split(Environment.NewLine)[0]}";
        }

        var facts = new FeedRunFacts(_published, _conversations, _broker, _loadAverage);
        var header = await RabbitMqFeedCommand.HeaderAsync(repository, options, args, facts, failure, cancellationToken).ConfigureAwait(false);
        return (FeedBenchReport.Build(header, options, _phases, _ceilings, _kills, check, _raw), failure is null);
    }

    /// <summary>
    /// The user event of a probe: a message whose intent no other event has, so the listing filtered on it matches
    /// exactly when the service has stored and projected it.
    /// </summary>
    internal static string ProbeEvent(string intent, double unixSeconds)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            Run.Listing.FreshnessProbe.WriteUserMessage(json, intent, unixSeconds);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private async Task<ExactlyOnceTally> PublishAndCheckAsync(CancellationToken cancellationToken)
    {
        if (options.Build)
        {
            Progress($"building the Release Api");
            await repository.BuildApiAsync(log, cancellationToken).ConfigureAwait(false);
        }

        var data = DataSet.Prepare(options.DataDirectory, options.Conversations, options.Seed, log);
        var settings = await store.CreateServiceStoreAsync($"rasabench_{options.Store}_rabbitmq_feed_{options.SizeKey}", cancellationToken).ConfigureAwait(false);
        await using var publisher = await ConfirmingPublisher.CreateAsync(broker, $"rasabench-{_run}-exchange", $"rasabench_{_run}_events", cancellationToken).ConfigureAwait(false);
        _broker = publisher.Broker;
        Add("queue", $"{publisher.Queue} bound to {publisher.Exchange} (deleted at the end)");
        var token = await ApiService.CreateTokenAsync(repository.ApiAssembly, settings, work, cancellationToken).ConfigureAwait(false);
        string[] feed = ["--Feeds:RabbitMq:Uri=" + broker, "--Feeds:RabbitMq:Queues=" + publisher.Queue, "--Feeds:RabbitMq:Exchange=" + publisher.Exchange, .. options.ServiceSettings];
        await using var instance = new ApiInstance("A", repository.ApiAssembly, [.. settings, .. feed], work, token);
        try
        {
            var starting = Stopwatch.GetTimestamp();
            instance.Start();
            await instance.WaitUntilAnsweringAsync(StartTimeout, cancellationToken).ConfigureAwait(false);
            await using var view = await FeedView.OpenAsync(settings, publisher.Queue, cancellationToken).ConfigureAwait(false);
            await WaitConsumingAsync(instance, view, cancellationToken).ConfigureAwait(false);
            Add("service.start_to_consuming_ms", $"{Stopwatch.GetElapsedTime(starting).TotalMilliseconds:F0}");

            using var stream = RasaMessageStream.Open(data.Main);
            var probeInterval = TimeSpan.FromSeconds(1.0 / options.ProbesPerSecond);
            var seconds = TimeSpan.FromSeconds(options.Seconds);
            var phases = new Phases(instance, view, publisher, stream);
            await WarmUpAsync(phases, cancellationToken).ConfigureAwait(false);
            await PhaseAsync(phases, PhaseKind.FullSpeed, "full speed", new PublishPlan(0, seconds, probeInterval, Probe("full")), cancellationToken).ConfigureAwait(false);
            await PhaseAsync(phases, PhaseKind.Steady, string.Create(CultureInfo.InvariantCulture, $"{options.Rate:N0} events/s"), new PublishPlan(options.Rate, seconds, probeInterval, Probe("steady")), cancellationToken).ConfigureAwait(false);
            await BacklogPhaseAsync(phases, cancellationToken).ConfigureAwait(false);
            if (options.Kills > 0)
            {
                await KillPhaseAsync(phases, cancellationToken).ConfigureAwait(false);
            }

            _published = publisher.Sent;
            return await CheckAsync(instance.Client, view, data.Main, stream.Taken, publisher.Probes, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await log.WriteLineAsync($"rabbitmq-feed: the service's last lines:{Environment.NewLine}{string.Join(Environment.NewLine, instance.Tail)}").ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Publishes for <see cref="WarmupSeconds"/> s as fast as the confirms allow and waits until it is stored: the service's code compiled and its pools filled.</summary>
    private async Task WarmUpAsync(Phases phases, CancellationToken cancellationToken)
    {
        var (instance, view, publisher, stream) = phases;
        var started = Stopwatch.GetTimestamp();
        var (_, storedBefore) = await view.CountAsync(cancellationToken).ConfigureAwait(false);
        var result = await publisher.PublishAsync(stream, new PublishPlan(0, TimeSpan.FromSeconds(WarmupSeconds)), null, cancellationToken).ConfigureAwait(false);
        await WaitStoredAsync(view, storedBefore + result.Total, cancellationToken).ConfigureAwait(false);
        Add("warmup", $"{result.Total} events published in {result.ConfirmedSeconds:F1} s, stored after {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s; feed {await view.StatusAsync(instance.Client, cancellationToken).ConfigureAwait(false)}");
    }

    /// <summary>Publishes as <paramref name="plan"/> says, waits until every event is stored, and records the phase.</summary>
    private async Task PhaseAsync(Phases phases, PhaseKind kind, string name, PublishPlan plan, CancellationToken cancellationToken)
    {
        var (instance, view, publisher, stream) = phases;

        // The metadata queue left by what came before would delay this phase's probes: it starts empty.
        var waiting = Stopwatch.GetTimestamp();
        while (await FeedView.MetadataPendingAsync(instance.Client, cancellationToken).ConfigureAwait(false) is not 0)
        {
            if (Stopwatch.GetElapsedTime(waiting) > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException("The metadata queue did not empty within 5 minutes before the phase.");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        Add($"{Key(name)}.metadata_queue_emptied_after_seconds", $"{Stopwatch.GetElapsedTime(waiting).TotalSeconds:F1}");
        Progress($"{name}: publishing for {plan.Duration.TotalSeconds:F0} s");
        var (_, storedBefore) = await view.CountAsync(cancellationToken).ConfigureAwait(false);
        var cpu = CpuSnapshot.Take(instance.ProcessId);
        var watcher = new ProbeWatcher(instance.Client);
        using var sampling = new CancellationTokenSource();
        var watching = watcher.RunAsync(sampling.Token);
        var startedAt = UnixSeconds();
        var started = Stopwatch.GetTimestamp();
        var sampler = SampleAsync(phases, storedBefore, started, sampling.Token);
        var result = await publisher.PublishAsync(
            stream,
            plan,
            (probe, confirm) => watcher.Add(_probeIntents[probe.SenderId], probe.SenderId, confirm),
            cancellationToken).ConfigureAwait(false);
        var (_, storedAtPublishEnd) = await view.CountAsync(cancellationToken).ConfigureAwait(false);
        var drained = await WaitStoredAsync(view, storedBefore + result.Total, cancellationToken).ConfigureAwait(false);
        var status = await view.StatusAsync(instance.Client, cancellationToken).ConfigureAwait(false);
        var cores = CpuSnapshot.Take(instance.ProcessId).CoresSince(cpu);
        await sampling.CancelAsync().ConfigureAwait(false);
        var (peak, peakMetadata, series) = await sampler.ConfigureAwait(false);
        var (freshness, missed) = await watching.ConfigureAwait(false);
        var (_, storedAfter) = await view.CountAsync(cancellationToken).ConfigureAwait(false);
        var seconds = status?.LastCommit is { } last && last > startedAt ? last - startedAt : Stopwatch.GetElapsedTime(started, drained).TotalSeconds;
        var phase = new PhaseResult(name, kind, result, storedAfter - storedBefore, seconds, storedAtPublishEnd - storedBefore, peak, peakMetadata, freshness, missed, cores, series);
        _phases.Add(phase);
        Add($"{Key(name)}.feed", $"{status}");
        Progress($"{name}: published {result.Total:N0} in {result.ConfirmedSeconds:F1} s ({result.Rate:F0}/s); stored {phase.Stored:N0}, {phase.CommittedPerSecond:F0}/s until the last; listed p50 {freshness.Percentile(50):F0} ms p99 {freshness.Percentile(99):F0} ms ({missed} missed)");
    }

    /// <summary>
    /// The two sides apart: with the service stopped, publishes for <c>--seconds</c> as fast as the confirms allow (the
    /// publisher's and the broker's ceiling on this machine); then starts the service and times its catch-up of that
    /// backlog with nothing publishing (the consumer's ceiling), from its feed connecting until its last commit.
    /// </summary>
    private async Task BacklogPhaseAsync(Phases phases, CancellationToken cancellationToken)
    {
        var (instance, view, publisher, stream) = phases;
        var (_, storedBefore) = await view.CountAsync(cancellationToken).ConfigureAwait(false);

        // Everything published so far is stored; a moment lets the last batch's acknowledgement reach the broker.
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        await instance.KillAsync().ConfigureAwait(false);
        Progress($"backlog: publishing for {options.Seconds} s with the service stopped");
        var cpu = CpuSnapshot.Take(null);
        var result = await publisher.PublishAsync(stream, new PublishPlan(0, TimeSpan.FromSeconds(options.Seconds)), null, cancellationToken).ConfigureAwait(false);
        var publishing = CpuSnapshot.Take(null);
        var ready = await publisher.ReadyAsync(cancellationToken).ConfigureAwait(false);
        _ceilings.Add(new CeilingResult(
            "publish only, the service stopped: the publisher's and the broker's ceiling",
            result.Total,
            result.ConfirmedSeconds,
            publishing.CoresSince(cpu).Where(c => c.Key != "service").ToDictionary(StringComparer.Ordinal)));

        var starting = Stopwatch.GetTimestamp();
        instance.Start();
        await instance.WaitUntilAnsweringAsync(StartTimeout, cancellationToken).ConfigureAwait(false);
        await WaitConsumingAsync(instance, view, cancellationToken).ConfigureAwait(false);
        var consumingAt = UnixSeconds();
        var consuming = Stopwatch.GetTimestamp();
        cpu = CpuSnapshot.Take(instance.ProcessId);
        var drained = await WaitStoredAsync(view, storedBefore + result.Total, cancellationToken).ConfigureAwait(false);
        var status = await view.StatusAsync(instance.Client, cancellationToken).ConfigureAwait(false);
        var cores = CpuSnapshot.Take(instance.ProcessId).CoresSince(cpu);
        var seconds = status?.LastCommit is { } last && last > consumingAt ? last - consumingAt : Stopwatch.GetElapsedTime(consuming, drained).TotalSeconds;
        _ceilings.Add(new CeilingResult("catch-up of that backlog, nothing publishing: the consumer's ceiling", status?.EventsStored ?? 0, seconds, cores));
        Add("backlog.ready_before_the_start", $"{ready}");
        Add("backlog.start_to_consuming_ms", $"{Stopwatch.GetElapsedTime(starting, consuming).TotalMilliseconds:F0}");
        Add("backlog.feed", $"{status}");
        Progress($"backlog: published {result.Total:N0} at {result.Rate:F0}/s alone; caught up at {(status?.EventsStored ?? 0) / seconds:F0}/s");
    }

    /// <summary>Publishes at <c>--kill-rate</c> while killing the service <c>--kills</c> times; then waits for every event.</summary>
    private async Task KillPhaseAsync(Phases phases, CancellationToken cancellationToken)
    {
        var (instance, view, publisher, stream) = phases;
        var name = string.Create(CultureInfo.InvariantCulture, $"{options.KillRate:N0} events/s, {options.Kills} kills -9");
        Progress($"{name}: publishing");
        var (_, storedBefore) = await view.CountAsync(cancellationToken).ConfigureAwait(false);
        var sentBefore = publisher.Sent;
        var random = new Pcg32(options.Seed, 23);
        var cpu = CpuSnapshot.Take(null);
        using var sampling = new CancellationTokenSource();
        using var stop = new CancellationTokenSource();
        var startedAt = UnixSeconds();
        var started = Stopwatch.GetTimestamp();
        var sampler = SampleAsync(phases, storedBefore, started, sampling.Token);
        var plan = new PublishPlan(options.KillRate, Timeout.InfiniteTimeSpan);
        var publishing = Task.Run(() => publisher.PublishAsync(stream, plan, null, stop.Token), CancellationToken.None);
        try
        {
            var consuming = Stopwatch.GetTimestamp();
            for (var number = 1; number <= options.Kills; number++)
            {
                await Task.Delay(TimeSpan.FromSeconds(1 + (3 * random.NextDouble())), cancellationToken).ConfigureAwait(false);
                if (publishing.IsFaulted)
                {
                    await publishing.ConfigureAwait(false);
                }

                // This life's duplicates are the messages the previous kill left committed but unacknowledged.
                var life = await view.StatusAsync(instance.Client, cancellationToken).ConfigureAwait(false);
                if (_kills.Count > 0)
                {
                    _kills[^1] = _kills[^1] with { Redelivered = life?.Duplicates };
                }

                var published = publisher.Sent - sentBefore;
                var killed = Stopwatch.GetTimestamp();
                await instance.KillAsync().ConfigureAwait(false);
                var (_, stored) = await view.CountAsync(cancellationToken).ConfigureAwait(false);
                instance.Start();
                await instance.WaitUntilAnsweringAsync(StartTimeout, cancellationToken).ConfigureAwait(false);
                var answered = Stopwatch.GetTimestamp();
                await WaitConsumingAsync(instance, view, cancellationToken).ConfigureAwait(false);
                var round = new KillRound(
                    number,
                    Stopwatch.GetElapsedTime(consuming, killed).TotalSeconds,
                    published,
                    stored - storedBefore,
                    Stopwatch.GetElapsedTime(killed, answered).TotalMilliseconds,
                    Stopwatch.GetElapsedTime(killed).TotalMilliseconds,
                    null);
                consuming = Stopwatch.GetTimestamp();
                _kills.Add(round);
                Progress($"kill {number}: after {round.LifeSeconds:F1} s, {published - round.Stored:N0} of {published:N0} published not yet stored; answering after {round.KillToAnswerMs:F0} ms, consuming after {round.KillToConsumingMs:F0} ms");
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
        }

        var result = await publishing.ConfigureAwait(false);
        var (_, storedAtPublishEnd) = await view.CountAsync(cancellationToken).ConfigureAwait(false);
        var drained = await WaitStoredAsync(view, storedBefore + result.Total, cancellationToken).ConfigureAwait(false);
        var status = await view.StatusAsync(instance.Client, cancellationToken).ConfigureAwait(false);
        if (_kills.Count > 0)
        {
            _kills[^1] = _kills[^1] with { Redelivered = status?.Duplicates };
        }

        // The service's processes of the killed lives are gone with their CPU times: only the others are known.
        var cores = CpuSnapshot.Take(null).CoresSince(cpu).Where(c => c.Key != "service").ToDictionary(StringComparer.Ordinal);
        await sampling.CancelAsync().ConfigureAwait(false);
        var (peak, peakMetadata, series) = await sampler.ConfigureAwait(false);
        var (_, storedAfter) = await view.CountAsync(cancellationToken).ConfigureAwait(false);
        var seconds = status?.LastCommit is { } last && last > startedAt ? last - startedAt : Stopwatch.GetElapsedTime(started, drained).TotalSeconds;
        _phases.Add(new PhaseResult(name, PhaseKind.Kills, result, storedAfter - storedBefore, seconds, storedAtPublishEnd - storedBefore, peak, peakMetadata, new Latencies(), 0, cores, series));
        Add("kills.feed_of_the_last_life", $"{status}");
    }

    /// <summary>
    /// Every second until cancelled: what was confirmed, stored and ready in the queue, and the conversations waiting in
    /// the metadata queue (the listing shows a conversation once it is projected); returns the peaks and the lines.
    /// </summary>
    private static async Task<(long PeakReady, long PeakMetadata, IReadOnlyList<string> Series)> SampleAsync(Phases phases, long storedBefore, long started, CancellationToken stop)
    {
        var confirmedBefore = phases.Publisher.Confirmed;
        var series = new List<string>();
        var (peakReady, peakMetadata) = (0L, 0L);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                var ready = await phases.Publisher.ReadyAsync(stop).ConfigureAwait(false);
                var (_, stored) = await phases.View.CountAsync(stop).ConfigureAwait(false);
                var metadata = await FeedView.MetadataPendingAsync(phases.Instance.Client, stop).ConfigureAwait(false);
                peakReady = Math.Max(peakReady, ready);
                peakMetadata = Math.Max(peakMetadata, metadata ?? 0);
                series.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{Stopwatch.GetElapsedTime(started).TotalSeconds,5:F1} s: {phases.Publisher.Confirmed - confirmedBefore,9:N0} / {stored - storedBefore,9:N0} / {ready,9:N0} / {(metadata is { } m ? m.ToString("N0", CultureInfo.InvariantCulture) : "?"),7}"));
            }
        }
        catch (OperationCanceledException)
        {
            // The phase is over.
        }

        return (peakReady, peakMetadata, series);
    }

    /// <summary>Waits until the store holds <paramref name="target"/> events; returns when it did (or gave up, the store gaining nothing for a minute).</summary>
    private async Task<long> WaitStoredAsync(FeedView view, long target, CancellationToken cancellationToken)
    {
        var (_, stored) = await view.CountAsync(cancellationToken).ConfigureAwait(false);
        var progressed = Stopwatch.GetTimestamp();
        while (stored < target)
        {
            if (Stopwatch.GetElapsedTime(progressed) > DrainStall)
            {
                Add("drain.gave_up", $"the store held {stored:N0} of {target:N0} events and gained none for {DrainStall.TotalSeconds:F0} s");
                Progress($"gave up waiting: the store holds {stored:N0} of {target:N0} events");
                break;
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
            var (_, now) = await view.CountAsync(cancellationToken).ConfigureAwait(false);
            if (now > stored)
            {
                progressed = Stopwatch.GetTimestamp();
            }

            stored = now;
        }

        return Stopwatch.GetTimestamp();
    }

    /// <summary>Polls <c>GET /api/admin/feeds</c> every <see cref="ProbeWatcher.PollIntervalMs"/> ms until the run's feed is connected.</summary>
    private static async Task WaitConsumingAsync(ApiInstance instance, FeedView view, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (await view.StatusAsync(instance.Client, cancellationToken).ConfigureAwait(false) is not { Connected: true })
        {
            if (Stopwatch.GetElapsedTime(started) > StartTimeout)
            {
                throw new TimeoutException($"The service's feed {view.Feed} was not connected within {StartTimeout.TotalSeconds:F0} s.");
            }

            await Task.Delay(ProbeWatcher.PollIntervalMs, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads back every conversation published to and compares it with what was published.</summary>
    private async Task<ExactlyOnceTally> CheckAsync(
        HttpClient client, FeedView view, string dataSet, long messages, IReadOnlyList<RasaMessage> probes, CancellationToken cancellationToken)
    {
        Progress($"checking: {messages + probes.Count:N0} events published");
        var started = Stopwatch.GetTimestamp();
        var published = new Dictionary<string, List<UInt128>>(StringComparer.Ordinal);
        using (var replay = RasaMessageStream.Open(dataSet))
        {
            for (var i = 0L; i < messages && replay.TryNext(out var message); i++)
            {
                Published(message).Add(ExactlyOnceCheck.Key(message.Body));
            }
        }

        foreach (var probe in probes)
        {
            Published(probe).Add(ExactlyOnceCheck.Key(probe.Body));
        }

        _conversations = published.Count;
        var tally = ExactlyOnceTally.Empty;
        var gate = new Lock();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = CheckParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(published, parallel, async (conversation, token) =>
        {
            var stored = await StoredKeysAsync(client, conversation.Key, token).ConfigureAwait(false);
            var result = ExactlyOnceCheck.Compare(conversation.Value, stored);
            lock (gate)
            {
                tally = tally.Add(result);
            }
        }).ConfigureAwait(false);

        var (conversations, events) = await view.CountAsync(cancellationToken).ConfigureAwait(false);
        Add("store.at_the_end", $"{conversations} conversations, {events} events");
        Add("check.seconds", $"{Stopwatch.GetElapsedTime(started).TotalSeconds:F1}");
        Progress($"checked {tally.Conversations:N0} conversations: {tally.Stored:N0} of {tally.Published:N0} stored, {tally.Missing} missing, {tally.Duplicated} duplicated, {tally.OutOfOrder} out of order");
        return tally;

        List<UInt128> Published(RasaMessage message)
        {
            if (!published.TryGetValue(message.SenderId, out var keys))
            {
                published[message.SenderId] = keys = [];
            }

            return keys;
        }
    }

    /// <summary>The keys of a conversation's stored events, in order; none when it is not stored.</summary>
    private static async Task<IReadOnlyList<UInt128>> StoredKeysAsync(HttpClient client, string senderId, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync($"conversations/{Uri.EscapeDataString(senderId)}/events", cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }

        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. document.RootElement.EnumerateArray().Select(ExactlyOnceCheck.Key)];
    }

    /// <summary>The probes of phase <paramref name="phase"/>: a new conversation each, with an intent of its own.</summary>
    private Func<int, RasaMessage> Probe(string phase) => number =>
    {
        var intent = string.Create(CultureInfo.InvariantCulture, $"bench_rmq_{_run}_{phase}_{number}");
        var sender = string.Create(CultureInfo.InvariantCulture, $"bench-rmq-{_run}-{phase}-probe-{number}");
        _probeIntents[sender] = intent;
        return RasaMessage.Of(sender, ProbeEvent(intent, UnixSeconds()));
    };

    private static double UnixSeconds() => SystemClock.Instance.GetCurrentInstant().ToUnixTimeTicks() / (double)NodaConstants.TicksPerSecond;

    private static string Key(string name) => new([.. name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);

    private void Add(string key, FormattableString value) => _raw.Add(new(key, value.ToString(CultureInfo.InvariantCulture)));

    private void Progress(FormattableString line) => log.WriteLine("rabbitmq-feed: " + line.ToString(CultureInfo.InvariantCulture));

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

    /// <summary>What every phase works with.</summary>
    private sealed record Phases(ApiInstance Instance, FeedView View, ConfirmingPublisher Publisher, RasaMessageStream Stream);
}
