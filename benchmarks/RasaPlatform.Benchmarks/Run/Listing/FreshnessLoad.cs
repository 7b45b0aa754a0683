using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using NodaTime;
using RasaPlatform.Benchmarks.Run.Steps;

namespace RasaPlatform.Benchmarks.Run.Listing;

/// <summary>
/// Sustained ingest with freshness probes, as the freshness rows measure it: <see cref="Clients"/> clients each append a
/// turn every <see cref="TurnIntervalMs"/> ms; every <see cref="ProbeEvery"/>th turn is a <see cref="FreshnessProbe"/>,
/// and from its 2xx the listing filtered on the probe's intent is polled every <see cref="PollIntervalMs"/> ms until the
/// conversation is in it.
/// </summary>
/// <remarks>
/// Turns are generator events (seed <c>seed + 3</c>, <see cref="TurnEvents"/> at a time) to
/// <see cref="Conversations"/> conversations of the load's own (named after its sender prefix), each growing over the
/// run, keeping one assistant and stamped with the time they are sent, as a live assistant's are
/// (<see cref="FreshnessTurns"/>). Polls use a client of their own, so they never wait for an append's connection.
/// A probe not listed within <see cref="GiveUpSeconds"/> counts as missed and enters the percentiles at that time.
/// </remarks>
internal sealed class FreshnessLoad(HttpClient client, FreshnessTurns turns, string senderPrefix, string probeTag)
{
    public const int Clients = 4;
    public const int TurnEvents = 5;
    public const int TurnIntervalMs = 25;
    public const int ProbeEvery = 20;
    public const int PollIntervalMs = 10;
    public const int GiveUpSeconds = 10;

    /// <summary>The p99 target, in milliseconds.</summary>
    public const double P99TargetMs = 1000;

    private const int ConversationsPerClient = 200;

    /// <summary>The conversations the load appends to: at most this many are queued for their metadata by it at once.</summary>
    public const int Conversations = Clients * ConversationsPerClient;

    /// <summary>The turns of the run's loads, generated on first use (before a load's clock starts) and kept in <paramref name="context"/>.</summary>
    public static FreshnessTurns TurnsOf(BenchContext context) =>
        context.FreshnessTurns ??= new(HttpAppendStep.Batches(context.Options.Seed + 3, TurnEvents));

    /// <summary>Appends for <paramref name="duration"/>, then waits for the probes to be listed (or missed).</summary>
    public async Task<FreshnessOutcome> RunAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        using var pollClient = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32, UseProxy = false })
        {
            BaseAddress = client.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        pollClient.DefaultRequestHeaders.Authorization = client.DefaultRequestHeaders.Authorization;
        var started = Stopwatch.GetTimestamp();
        var results = await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(
            () => ClientAsync(pollClient, c, started, duration, cancellationToken), cancellationToken))).ConfigureAwait(false);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var samples = await Task.WhenAll(results.SelectMany(r => r.Probes)).ConfigureAwait(false);
        var appends = results.SelectMany(r => r.Appends).ToList();
        return new FreshnessOutcome(results.Sum(r => r.Ok), results.Sum(r => r.Failed), started, seconds, appends, samples);
    }

    private async Task<ClientResult> ClientAsync(HttpClient pollClient, int index, long started, TimeSpan duration, CancellationToken cancellationToken)
    {
        var result = new ClientResult();
        for (var n = 0L; Stopwatch.GetElapsedTime(started) < duration && !cancellationToken.IsCancellationRequested; n++)
        {
            var due = TimeSpan.FromMilliseconds(n * TurnIntervalMs) - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken).ConfigureAwait(false);
            }

            var probe = n % ProbeEvery == ProbeEvery - 1 ? FreshnessProbe.Create(probeTag, (n * Clients) + index) : null;
            var now = SystemClock.Instance.GetCurrentInstant().ToUnixTimeTicks() / (double)NodaConstants.TicksPerSecond;
            var conversation = (index * ConversationsPerClient) + (int)(n % ConversationsPerClient);
            var body = probe?.Body(now) ?? turns.For(conversation, (n * Clients) + index, now);
            var sender = string.Create(CultureInfo.InvariantCulture, $"{senderPrefix}-{index}-{n % ConversationsPerClient}");
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
            result.Appends.Add(new FreshnessAppend(acknowledged, probe is null ? TurnEvents : 2));
            if (probe is not null)
            {
                result.Probes.Add(PollAsync(pollClient, probe, acknowledged, cancellationToken));
            }
        }

        return result;
    }

    /// <summary>Polls until the probe is listed; its time since <paramref name="acknowledged"/>, or the give-up time if never.</summary>
    private static async Task<FreshnessSample> PollAsync(HttpClient client, FreshnessProbe probe, long acknowledged, CancellationToken cancellationToken)
    {
        while (Stopwatch.GetElapsedTime(acknowledged).TotalSeconds < GiveUpSeconds)
        {
            var page = await ListingPage.GetAsync(client, probe.QueryString(), cancellationToken).ConfigureAwait(false);
            if (page.Total > 0)
            {
                return new FreshnessSample(acknowledged, Stopwatch.GetElapsedTime(acknowledged).TotalMilliseconds, Missed: false);
            }

            await Task.Delay(PollIntervalMs, cancellationToken).ConfigureAwait(false);
        }

        return new FreshnessSample(acknowledged, GiveUpSeconds * 1000.0, Missed: true);
    }

    private sealed class ClientResult
    {
        public List<Task<FreshnessSample>> Probes { get; } = [];

        public List<FreshnessAppend> Appends { get; } = [];

        public long Ok { get; set; }

        public long Failed { get; set; }
    }
}
