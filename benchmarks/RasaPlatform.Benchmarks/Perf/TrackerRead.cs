using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using NodaTime;
using RasaPlatform.Core.Dumps;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Storage;
using RasaPlatform.Core.Tracking;

namespace RasaPlatform.Benchmarks.Perf;

/// <summary>
/// Reading one 10,000-event conversation's tracker as <c>GET /conversations/{id}/tracker</c> does: store read, replay,
/// and the tracker JSON with every event, written to memory.
/// </summary>
internal static class TrackerRead
{
    private const int Events = 10_000;
    private const int Warmup = 5;
    private const string Sender = "perf-10k";

    public static async Task<string> RunAsync(PerfStores stores, string file, int reads)
    {
        var store = await stores.CreateFreshAsync().ConfigureAwait(false);
        var received = SystemClock.Instance.GetCurrentInstant();

        // The file's first events, of many conversations, as one long conversation: every event type in its real mix.
        var events = File.ReadLines(file).Take(Events).Select(line =>
        {
            using var document = JsonDocument.Parse(line);
            return EventNormalizer.Normalize(document.RootElement, received, "event");
        }).ToList();
        await store.WriteAsync([new ConversationWrite(Sender, WriteMode.Append, events)], CancellationToken.None).ConfigureAwait(false);

        var buffer = new ArrayBufferWriter<byte>(8 << 20);
        var times = new List<double>(reads);
        for (var i = 0; i < Warmup + reads; i++)
        {
            buffer.ResetWrittenCount();
            var watch = Stopwatch.StartNew();
            await ReadTrackerAsync(store, buffer).ConfigureAwait(false);
            if (i >= Warmup)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        (store as IDisposable)?.Dispose();
        times.Sort();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"events={Events} reads={reads} p50_ms={Percentile(times, 0.50):F1} p95_ms={Percentile(times, 0.95):F1} max_ms={times[^1]:F1} json_bytes={buffer.WrittenCount}");
    }

    /// <summary>The tracker with every event as the Api writes it: in one read, the events before the state.</summary>
    private static async Task ReadTrackerAsync(IConversationStore store, ArrayBufferWriter<byte> buffer)
    {
        var conversation = ConversationDump.Open(
            Sender,
            useHistory: true,
            new HashSet<double>(),
            (sequences, token) => store.ReadEventsAsync(Sender, new EventQuery(null) { Sequences = sequences }, token));
        using var writer = new Utf8JsonWriter(buffer, RawJson.CompactWriter);
        TrackerJsonWriter.WriteStartWithEvents(writer, Sender);
        var state = await conversation.ReadAndReplayAsync(
            (e, _) =>
            {
                writer.WriteRawValue(e.Json, skipInputValidation: true);
                return ValueTask.CompletedTask;
            },
            CancellationToken.None).ConfigureAwait(false);
        TrackerJsonWriter.WriteEndAfterEvents(writer, state);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
