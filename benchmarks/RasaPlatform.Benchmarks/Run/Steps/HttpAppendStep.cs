using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using RasaPlatform.Benchmarks.Generation;

namespace RasaPlatform.Benchmarks.Run.Steps;

/// <summary>
/// Concurrent appends over HTTP: clients POST batches of <see cref="BatchEvents"/> events to
/// <c>/api/conversations/{id}/tracker/events</c> for a fixed time, mostly to new conversations and every
/// <see cref="ExistingEvery"/>th request to one the import stored.
/// </summary>
/// <remarks>
/// Batches are generator events (seed <c>seed + 2</c>, not in the data set) without <c>sender_id</c>, serialized
/// before the clock starts. A batch goes to an existing conversation at most once per pass over the senders, so
/// appends are not skipped as retries.
/// </remarks>
internal sealed class HttpAppendStep : IMeasurementStep
{
    public const int BatchEvents = 50;
    public const int ExistingEvery = 4;
    private const int PoolConversations = 2_000;
    private const int ExistingSenders = 2_000;

    public string Name => "HTTP append";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var client = context.RequireService().Client;
        var batches = Batches(context.Options.Seed + 2, BatchEvents);
        var senders = File.ReadLines(context.RequireData().Main).Select(SenderOf).Distinct().Take(ExistingSenders).ToArray();
        var duration = TimeSpan.FromSeconds(context.Options.AppendSeconds);
        var counter = -1L;
        var started = Stopwatch.GetTimestamp();
        var clients = Enumerable.Range(0, context.Options.Clients).Select(_ => Task.Run(
            () => ClientAsync(client, batches, senders, () => Interlocked.Increment(ref counter), started, duration, cancellationToken),
            cancellationToken));
        var results = await Task.WhenAll(clients).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;

        var latencies = new Latencies();
        foreach (var r in results)
        {
            latencies.AddRange(r.Latencies);
        }

        var ok = results.Sum(r => r.Ok);
        var failed = results.Sum(r => r.Failed);
        var rate = ok * BatchEvents / elapsed;
        context.AddRaw("append.requests_ok", $"{ok}");
        context.AddRaw("append.requests_failed", $"{failed}");
        context.AddRaw("append.seconds", $"{elapsed:F3}");
        context.Progress($"append: {ok} batches ok, {failed} failed in {elapsed:F1} s");
        var label = $"{context.Options.Clients} clients × POST {BatchEvents} events, 1 in {ExistingEvery} to an existing conversation";
        context.Rows.Add(new ResultRow($"HTTP append ({label}, {elapsed:F0} s, {failed} failed)", rate, "events/s", Target: "report"));
        foreach (var p in new[] { 50.0, 95, 99 })
        {
            context.Rows.Add(new ResultRow($"HTTP append request latency p{p:0}", latencies.Percentile(p), "ms"));
        }
    }

    private static async Task<ClientResult> ClientAsync(
        HttpClient client, byte[][] batches, string[] senders, Func<long> next, long started, TimeSpan duration, CancellationToken cancellationToken)
    {
        var result = new ClientResult();
        while (Stopwatch.GetElapsedTime(started) < duration && !cancellationToken.IsCancellationRequested)
        {
            var n = next();
            var sender = n % ExistingEvery == ExistingEvery - 1
                ? senders[(n / ExistingEvery) % senders.Length]
                : string.Create(CultureInfo.InvariantCulture, $"bench-append-{n}");
            using var content = new ByteArrayContent(batches[n % batches.Length]);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var requestStarted = Stopwatch.GetTimestamp();
            using var response = await client.PostAsync($"conversations/{Uri.EscapeDataString(sender)}/tracker/events", content, cancellationToken).ConfigureAwait(false);
            result.Latencies.AddSince(requestStarted);
            if (response.IsSuccessStatusCode)
            {
                result.Ok++;
            }
            else
            {
                result.Failed++;
            }
        }

        return result;
    }

    /// <summary>A pool of request bodies: JSON arrays of <paramref name="events"/> consecutive generated events without <c>sender_id</c>.</summary>
    public static byte[][] Batches(ulong seed, int events)
    {
        using var buffer = new MemoryStream();
        DatasetGenerator.Generate(buffer, PoolConversations, seed);
        var lines = Encoding.UTF8.GetString(buffer.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Chunk(events).Where(c => c.Length == events).Select(Body).ToArray();
    }

    private static byte[] Body(string[] lines)
    {
        using var output = new MemoryStream();
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartArray();
            foreach (var line in lines)
            {
                using var e = JsonDocument.Parse(line);
                json.WriteStartObject();
                foreach (var property in e.RootElement.EnumerateObject().Where(p => p.Name != "sender_id"))
                {
                    property.WriteTo(json);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return output.ToArray();
    }

    private static string SenderOf(string line)
    {
        using var e = JsonDocument.Parse(line);
        return e.RootElement.GetProperty("sender_id").GetString()!;
    }

    private sealed class ClientResult
    {
        public Latencies Latencies { get; } = new();

        public long Ok { get; set; }

        public long Failed { get; set; }
    }
}
