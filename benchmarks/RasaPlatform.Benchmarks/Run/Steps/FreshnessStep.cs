using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using NodaTime;
using RasaPlatform.Benchmarks.Run.Listing;

namespace RasaPlatform.Benchmarks.Run.Steps;

/// <summary>
/// How soon an append shows in the listing under sustained ingest: <see cref="Clients"/> clients each append a turn
/// every <see cref="TurnIntervalMs"/> ms for <see cref="Seconds"/> s; every <see cref="ProbeEvery"/>th turn is a
/// <see cref="FreshnessProbe"/>, and from its 2xx the listing filtered on the probe's intent is polled every
/// <see cref="PollIntervalMs"/> ms until the conversation is in it.
/// </summary>
/// <remarks>
/// Turns are generator events (seed <c>seed + 3</c>, <see cref="TurnEvents"/> at a time) to conversations of this step
/// only, each growing over the run, keeping one assistant and stamped with the time they are sent, as a live
/// assistant's are (<see cref="FreshnessTurns"/>). Polls use a client of their own, so they never wait for an append's
/// connection.
/// A probe not listed within <see cref="GiveUpSeconds"/> counts as missed and enters the percentiles at that time.
/// Starts once the metadata queue is empty, so the appends of earlier steps are not measured.
/// </remarks>
internal sealed class FreshnessStep : IMeasurementStep
{
    public const int Clients = 4;
    public const int TurnEvents = 5;
    public const int TurnIntervalMs = 25;
    public const int Seconds = 20;
    public const int ProbeEvery = 20;
    public const int PollIntervalMs = 10;
    public const int GiveUpSeconds = 10;

    /// <summary>The p99 target, in milliseconds.</summary>
    public const double P99TargetMs = 1000;

    private const int ConversationsPerClient = 200;

    public string Name => "listing freshness";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var service = context.RequireService();
        await WaitForEmptyQueueAsync(service.Client, cancellationToken).ConfigureAwait(false);
        using var pollClient = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32, UseProxy = false })
        {
            BaseAddress = service.Client.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        pollClient.DefaultRequestHeaders.Authorization = service.Client.DefaultRequestHeaders.Authorization;
        var turns = new FreshnessTurns(HttpAppendStep.Batches(context.Options.Seed + 3, TurnEvents));
        var run = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}");
        var started = Stopwatch.GetTimestamp();
        var results = await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(
            () => ClientAsync(service.Client, pollClient, turns, run, c, started, cancellationToken), cancellationToken))).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;

        var freshness = new Latencies();
        foreach (var probe in results.SelectMany(r => r.Probes))
        {
            freshness.AddRange(await probe.ConfigureAwait(false));
        }

        AddRows(context, results, freshness, elapsed);
    }

    private static void AddRows(BenchContext context, ClientResult[] results, Latencies freshness, double elapsed)
    {
        var ok = results.Sum(r => r.Ok);
        var failed = results.Sum(r => r.Failed);
        var events = results.Sum(r => r.Events);
        var missed = results.Sum(r => r.Missed);
        context.AddRaw("freshness.appends_ok", $"{ok}");
        context.AddRaw("freshness.appends_failed", $"{failed}");
        context.AddRaw("freshness.samples", $"{freshness.Count}");
        context.AddRaw("freshness.missed", $"{missed}");
        context.AddRaw("freshness.ms", $"p50={freshness.Percentile(50):F1} p95={freshness.Percentile(95):F1} p99={freshness.Percentile(99):F1}");
        context.Rows.Add(new ResultRow(
            $"ingest during the freshness probes ({Clients} clients × a turn of {TurnEvents} events every {TurnIntervalMs} ms, {elapsed:F0} s, {failed} failed)",
            events / elapsed,
            "events/s",
            Target: "report"));
        var what = $"listing freshness: append 2xx → listed under its unique intent ({freshness.Count} samples, {missed} missed at {GiveUpSeconds} s, polled every {PollIntervalMs} ms)";
        foreach (var p in new[] { 50.0, 95, 99 })
        {
            var value = freshness.Percentile(p);
            context.Rows.Add(p == 99
                ? new ResultRow($"{what} p99", value, "ms", Target: "≤ 1 s p99", Met: value <= P99TargetMs && missed == 0 && failed == 0)
                : new ResultRow($"{what} p{p:0}", value, "ms"));
        }
    }

    private static async Task<ClientResult> ClientAsync(
        HttpClient client, HttpClient pollClient, FreshnessTurns turns, string run, int index, long started, CancellationToken cancellationToken)
    {
        var result = new ClientResult();
        for (var n = 0L; Stopwatch.GetElapsedTime(started).TotalSeconds < Seconds && !cancellationToken.IsCancellationRequested; n++)
        {
            var due = TimeSpan.FromMilliseconds(n * TurnIntervalMs) - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken).ConfigureAwait(false);
            }

            var probe = n % ProbeEvery == ProbeEvery - 1 ? FreshnessProbe.Create(run, (n * Clients) + index) : null;
            var now = SystemClock.Instance.GetCurrentInstant().ToUnixTimeTicks() / (double)NodaConstants.TicksPerSecond;
            var conversation = (index * ConversationsPerClient) + (int)(n % ConversationsPerClient);
            var body = probe?.Body(now) ?? turns.For(conversation, (n * Clients) + index, now);
            var sender = string.Create(CultureInfo.InvariantCulture, $"bench-fresh-{index}-{n % ConversationsPerClient}");
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await client.PostAsync($"conversations/{sender}/tracker/events", content, cancellationToken).ConfigureAwait(false);
            var acknowledged = Stopwatch.GetTimestamp();
            if (!response.IsSuccessStatusCode)
            {
                result.Failed++;
                continue;
            }

            result.Ok++;
            result.Events += probe is null ? TurnEvents : 2;
            if (probe is not null)
            {
                result.Probes.Add(PollAsync(pollClient, probe, acknowledged, result, cancellationToken));
            }
        }

        return result;
    }

    /// <summary>Polls until the probe is listed; its time since <paramref name="acknowledged"/>, or the give-up time if never.</summary>
    private static async Task<Latencies> PollAsync(HttpClient client, FreshnessProbe probe, long acknowledged, ClientResult result, CancellationToken cancellationToken)
    {
        var latency = new Latencies();
        while (Stopwatch.GetElapsedTime(acknowledged).TotalSeconds < GiveUpSeconds)
        {
            var page = await ListingPage.GetAsync(client, probe.QueryString(), cancellationToken).ConfigureAwait(false);
            if (page.Total > 0)
            {
                latency.AddSince(acknowledged);
                return latency;
            }

            await Task.Delay(PollIntervalMs, cancellationToken).ConfigureAwait(false);
        }

        Interlocked.Increment(ref result.MissedCount);
        latency.AddMilliseconds(GiveUpSeconds * 1000.0);
        return latency;
    }

    private static async Task WaitForEmptyQueueAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (await MetadataCatchUpStep.PendingAsync(client, cancellationToken).ConfigureAwait(false) > 0)
        {
            if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException("The metadata queue did not empty within 5 minutes before the freshness probes.");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class ClientResult
    {
#pragma warning disable CA1051 // Interlocked needs a field: probes of one client finish concurrently.
        public int MissedCount;
#pragma warning restore CA1051

        public List<Task<Latencies>> Probes { get; } = [];

        public long Ok { get; set; }

        public long Failed { get; set; }

        public long Events { get; set; }

        public int Missed => MissedCount;
    }
}
