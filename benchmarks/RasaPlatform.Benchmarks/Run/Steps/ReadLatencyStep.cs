using System.Diagnostics;

namespace RasaPlatform.Benchmarks.Run.Steps;

/// <summary>
/// Read latency of the 10,000-event conversation over HTTP (tracker, events, messages, the two debug dumps: the
/// Markdown one's first byte and both whole downloads), the <c>GET /api/version</c>
/// floor of one round trip, and the same questions asked in SQL of Rasa's events table (the baselines).
/// </summary>
/// <remarks>
/// One client, one request at a time. Rounds interleave every request kind, so that a noisy moment on the machine
/// hits all of them alike; warmup rounds come first and are not counted. Every response body is read whole. The
/// baselines read every row's <c>data</c> and parse it as JSON, and do not replay the tracker, which Rasa would.
/// </remarks>
internal sealed class ReadLatencyStep : IMeasurementStep
{
    /// <summary>The tracker read target at p95, in milliseconds.</summary>
    public const double TrackerP95TargetMs = 50;

    /// <summary>The target for the Markdown debug dump's first byte at p95, in milliseconds.</summary>
    public const double DumpFirstByteP95TargetMs = 50;

    private const int WarmupRounds = 20;
    private static readonly double[] Percentiles = [50, 95, 99];

    public string Name => "read latency";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var client = context.RequireService().Client;
        var table = context.RasaTable ?? throw new InvalidOperationException("The bare insert step has not run.");
        var sender = LongConversation.SenderId;
        var version = new Latencies();
        var tracker = new Latencies();
        var events = new Latencies();
        var messages = new Latencies();
        var markdownFirstByte = new Latencies();
        var markdownWhole = new Latencies();
        var jsonWhole = new Latencies();
        var sqlAll = new Latencies();
        var sqlMessages = new Latencies();
        var baselineRows = (0, 0);
        for (var round = 0; round < WarmupRounds + context.Options.Requests; round++)
        {
            var counted = round >= WarmupRounds;
            await TimeGetAsync(client, "version", counted ? version : null, cancellationToken).ConfigureAwait(false);
            await TimeGetAsync(client, $"conversations/{sender}/tracker", counted ? tracker : null, cancellationToken).ConfigureAwait(false);
            await TimeGetAsync(client, $"conversations/{sender}/events", counted ? events : null, cancellationToken).ConfigureAwait(false);
            await TimeGetAsync(client, $"conversations/{sender}/messages", counted ? messages : null, cancellationToken).ConfigureAwait(false);
            await TimeDownloadAsync(client, $"conversations/{sender}/debug-dump.md", counted ? (markdownFirstByte, markdownWhole) : null, cancellationToken).ConfigureAwait(false);
            await TimeDownloadAsync(client, $"conversations/{sender}/debug-dump.json", counted ? (new Latencies(), jsonWhole) : null, cancellationToken).ConfigureAwait(false);
            var all = await TimeAsync(() => table.ReadAsync(sender, messagesOnly: false, cancellationToken), counted ? sqlAll : null).ConfigureAwait(false);
            var user = await TimeAsync(() => table.ReadAsync(sender, messagesOnly: true, cancellationToken), counted ? sqlMessages : null).ConfigureAwait(false);
            baselineRows = (all, user);
        }

        var served = await ServiceStartStep.CountAsync(client, $"conversations/{sender}/messages", cancellationToken).ConfigureAwait(false);
        context.AddRaw("read.requests_per_kind", $"{version.Count}");
        context.AddRaw("read.baseline_rows_all", $"{baselineRows.Item1}");
        context.AddRaw("read.baseline_rows_messages", $"{baselineRows.Item2}");
        context.AddRaw("read.messages_served", $"{served}");
        AddRows(context, "GET /api/version (floor: one HTTP round trip)", version, null, version, null);
        AddRows(context, $"GET tracker of {sender} (state + all events)", tracker, sqlAll, version, TrackerP95TargetMs);
        AddRows(context, $"GET events of {sender}", events, sqlAll, version, null);
        AddRows(context, $"GET messages of {sender} ({served:N0} messages)", messages, sqlMessages, version, null);
        AddRows(context, $"GET debug-dump.md of {sender}, first byte of the body", markdownFirstByte, null, version, DumpFirstByteP95TargetMs);
        AddRows(context, $"GET debug-dump.md of {sender}, whole download", markdownWhole, sqlAll, version, null);
        AddRows(context, $"GET debug-dump.json of {sender}, whole download", jsonWhole, sqlAll, version, null);
        foreach (var (name, samples) in new[]
                 {
                     ("version", version), ("tracker", tracker), ("events", events), ("messages", messages), ("dump_md_first_byte", markdownFirstByte),
                     ("dump_md", markdownWhole), ("dump_json", jsonWhole), ("sql_all", sqlAll), ("sql_messages", sqlMessages),
                 })
        {
            context.AddRaw($"read.{name}_ms", $"p50={samples.Percentile(50):F3} p95={samples.Percentile(95):F3} p99={samples.Percentile(99):F3}");
        }
    }

    private static void AddRows(BenchContext context, string what, Latencies ours, Latencies? baseline, Latencies floor, double? p95Target)
    {
        foreach (var p in Percentiles)
        {
            var value = ours.Percentile(p);
            var b = baseline?.Percentile(p);
            var target = p == 95 && p95Target is { } t ? t : (double?)null;
            context.Rows.Add(new ResultRow(
                $"{what} p{p:0}",
                value,
                "ms",
                b,
                value / b,
                ReferenceEquals(ours, floor) ? null : value / floor.Percentile(p),
                target is { } limit ? $"≤ {limit:0} ms" : "",
                target is { } l ? value <= l : null));
        }
    }

    private static async Task TimeGetAsync(HttpClient client, string path, Latencies? into, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await client.GetAsync(path, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        into?.AddSince(started);
    }

    /// <summary>Times the first byte of the body (headers read, then one byte) and the whole download.</summary>
    private static async Task TimeDownloadAsync(HttpClient client, string path, (Latencies FirstByte, Latencies Whole)? into, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[64 * 1024];
        if (await body.ReadAsync(buffer.AsMemory(0, 1), cancellationToken).ConfigureAwait(false) == 0)
        {
            throw new InvalidOperationException($"{path} answered an empty body.");
        }

        into?.FirstByte.AddSince(started);
        while (await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
        {
        }

        into?.Whole.AddSince(started);
    }

    private static async Task<int> TimeAsync(Func<Task<int>> query, Latencies? into)
    {
        var started = Stopwatch.GetTimestamp();
        var rows = await query().ConfigureAwait(false);
        into?.AddSince(started);
        return rows;
    }
}
