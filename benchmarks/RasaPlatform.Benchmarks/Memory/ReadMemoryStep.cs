using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RasaPlatform.Benchmarks.Run;

namespace RasaPlatform.Benchmarks.Memory;

/// <summary>
/// Stores one large conversation (and a small one) in a fresh store through the HTTP API, then, for every endpoint
/// that serves a conversation whole, starts the service afresh, reads the small conversation through it (so that the
/// code is compiled and the pools are warm), and reads the large one: the rise of the service's peak resident set
/// (<c>VmHWM</c>, reset through <c>/proc/PID/clear_refs</c>) over its resident set just before.
/// </summary>
/// <remarks>
/// A fresh process per endpoint: a service that has just stored 32 MiB holds a heap large enough to read it back
/// without growing, which would hide what a read costs an idle service.
/// </remarks>
internal sealed class ReadMemoryStep(int events, int eventBytes, int reads) : IMeasurementStep
{
    public const string SenderId = "bench-memory-large";

    public const string SmallSenderId = "bench-memory-small";

    /// <summary>The small conversation's assistant: the raw export warms up on it without reading the large one.</summary>
    public const string SmallAssistant = "bench-memory-small";

    /// <summary>The target: a read raises the peak by at most this many times the conversation's stored size.</summary>
    public const double TargetFactor = 2;

    private const int Batch = 1_000;

    public string Name => "read memory";

    /// <summary>Every read of a whole conversation, as (label, path under <c>/api/</c> with <c>{0}</c> for the sender id).</summary>
    public static IReadOnlyList<(string Label, string Path)> Reads { get; } =
    [
        ("GET events", "conversations/{0}/events"),
        ("GET messages", "conversations/{0}/messages"),
        ("GET tracker (all events)", "conversations/{0}/tracker"),
        ("GET tracker (AFTER_RESTART, two reads)", "conversations/{0}/tracker?include_events=AFTER_RESTART"),
        ("GET debug-dump.json", "conversations/{0}/debug-dump.json"),
        ("GET debug-dump.md", "conversations/{0}/debug-dump.md"),
        ("GET rawConversations (raw export)", "rawConversations?assistantName={0}&limit=10"),
    ];

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var store = await context.Store.CreateServiceStoreAsync(context.StoreName(), cancellationToken).ConfigureAwait(false);
        context.ServiceStore = store;
        long stored;
        await using (var writer = await StartAsync(context, store, cancellationToken).ConfigureAwait(false))
        {
            stored = await StoreAsync(writer.Client, SenderId, events, cancellationToken).ConfigureAwait(false);
            await StoreAsync(writer.Client, SmallSenderId, 30, cancellationToken, SmallAssistant).ConfigureAwait(false);
            await WaitForMetadataAsync(writer.Client, cancellationToken).ConfigureAwait(false);
        }

        var storedMiB = stored / 1048576.0;
        context.Rows.Add(new ResultRow($"stored size of {SenderId} ({events:N0} events, compact JSON as stored)", storedMiB, "MiB"));
        context.AddRaw("memory.stored_bytes", $"{stored}");
        foreach (var (label, path) in Reads)
        {
            await using var service = await StartAsync(context, store, cancellationToken).ConfigureAwait(false);
            var process = service.Process;
            await ReadAsync(service.Client, Target(path, SmallSenderId), cancellationToken).ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            process.ResetHighWater();
            var before = process.ReadResidentBytes();
            long bytes = 0;
            for (var i = 0; i < reads; i++)
            {
                bytes = await ReadAsync(service.Client, Target(path, SenderId), cancellationToken).ConfigureAwait(false);
            }

            var rise = Math.Max(0, process.ReadHighWaterBytes() - before) / 1048576.0;
            context.Progress($"read memory: {label}: {bytes:N0} bytes, idle {before / 1048576.0:F1} MiB, peak +{rise:F1} MiB");
            context.AddRaw($"memory.{Key(label)}.idle_rss_bytes", $"{before}");
            context.AddRaw($"memory.{Key(label)}.response_bytes", $"{bytes}");
            context.Rows.Add(new ResultRow(
                $"peak RSS rise over {reads} reads: {label} ({bytes / 1048576.0:F1} MiB answered; idle {before / 1048576.0:F0} MiB)",
                rise,
                "MiB",
                storedMiB,
                rise / storedMiB,
                Target: $"≤ {TargetFactor:F0}× stored",
                Met: rise <= TargetFactor * storedMiB));
        }
    }

    private static Task<ApiService> StartAsync(BenchContext context, IReadOnlyList<string> store, CancellationToken cancellationToken) =>
        ApiService.StartAsync(context.Repository.ApiAssembly, store, context.WorkFolder, 2, cancellationToken);

    /// <summary>The path with the conversation's id, or for the raw export its assistant.</summary>
    private static string Target(string path, string senderId) => string.Format(
        CultureInfo.InvariantCulture,
        path,
        !path.StartsWith("rawConversations", StringComparison.Ordinal) ? senderId : senderId == SenderId ? "default" : SmallAssistant);

    /// <summary>Appends a conversation in batches; returns its stored size (the events' compact JSON, UTF-8).</summary>
    private async Task<long> StoreAsync(HttpClient client, string senderId, int count, CancellationToken cancellationToken, string? assistant = null)
    {
        long bytes = 0;
        var padding = new string('x', Math.Max(0, eventBytes - 260));
        for (var start = 0; start < count; start += Batch)
        {
            var batch = new StringBuilder("[");
            for (var i = start; i < Math.Min(count, start + Batch); i++)
            {
                var json = Event(i, padding, assistant ?? "default");
                bytes += Encoding.UTF8.GetByteCount(json);
                batch.Append(i == start ? "" : ",").Append(json);
            }

            using var content = new StringContent(batch.Append(']').ToString(), Encoding.UTF8, "application/json");
            using var response = await client.PostAsync($"conversations/{senderId}/tracker/events", content, cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
        }

        return bytes;
    }

    /// <summary>A user message, the action predicted after it, or the bot's answer, by turns; each about <c>--event-bytes</c> long.</summary>
    private static string Event(int i, string padding, string assistant)
    {
        var time = (1_700_000_000 + (i * 0.5)).ToString("R", CultureInfo.InvariantCulture);
        return (i % 3) switch
        {
            0 => $$$"""{"event":"user","timestamp":{{{time}}},"text":"message {{{i}}} {{{padding}}}","parse_data":{"intent":{"name":"inform","confidence":0.93},"entities":[{"entity":"amount","value":"{{{i}}}","start":0,"end":3}],"text":"message {{{i}}}"},"input_channel":"rest","message_id":"m{{{i}}}","metadata":{"assistant_id":"{{{assistant}}}"}}""",
            1 => $$$"""{"event":"action","timestamp":{{{time}}},"name":"utter_answer","policy":"policy_0_MemoizationPolicy","confidence":1.0,"metadata":{"note":"{{{padding}}}"}}""",
            _ => $$$"""{"event":"bot","timestamp":{{{time}}},"text":"answer {{{i}}} {{{padding}}}","data":{"elements":null,"quick_replies":null,"buttons":null}}""",
        };
    }

    private static async Task WaitForMetadataAsync(HttpClient client, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var status = await client.GetFromJsonAsync<JsonElement>("admin/metadata", cancellationToken).ConfigureAwait(false);
            if (status.GetProperty("pending").GetInt64() == 0)
            {
                return;
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException("The metadata job did not fold the conversation within a minute.");
    }

    /// <summary>Reads the whole answer as it streams, keeping none of it; returns its length.</summary>
    private static async Task<long> ReadAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[81_920];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return total;
    }

    private static string Key(string label) => new([.. label.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]);
}
