using System.Globalization;
using System.Text.RegularExpressions;

namespace RasaPlatform.Benchmarks.Run.Steps;

/// <summary>
/// The service's peak resident set (<c>VmHWM</c>) at three points of a catch-up: when it started, when the backlog was
/// first folded (the queue down to the live writers' conversations) and when the final pass had restored the store;
/// and at each, the resident set's anonymous and file-backed parts, and from the service's metrics what the .NET GC
/// had committed and what SQLite's allocations held.
/// </summary>
/// <remarks>
/// Says which phase sets the peak, the folds and saves or the final pass's index builds and recomputes, and whose
/// memory it is: the managed heap (the listing index, the folds' buffers) or SQLite's page caches and sorts.
/// </remarks>
internal sealed partial class CatchUpMemory
{
    private readonly ChildProcess _process;
    private readonly HttpClient _client;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly List<(string Point, double Seconds, double HighWater, string Metrics)> _points = [];

    private CatchUpMemory(ChildProcess process, HttpClient client) => (_process, _client) = (process, client);

    /// <summary>Notes the service's memory when the catch-up starts; the times of later points count from here.</summary>
    public static async Task<CatchUpMemory> StartAsync(ChildProcess process, HttpClient client, CancellationToken cancellationToken)
    {
        var memory = new CatchUpMemory(process, client);
        await memory.NoteAsync("start", cancellationToken).ConfigureAwait(false);
        return memory;
    }

    /// <summary>Notes the memory when the backlog is first folded; later calls change nothing.</summary>
    public Task FoldedAsync(CancellationToken cancellationToken) =>
        _points.Exists(p => p.Point == "folded") ? Task.CompletedTask : NoteAsync("folded", cancellationToken);

    /// <summary>Notes the memory once the catch-up, final pass included, is done.</summary>
    public async Task CaughtUpAsync(CancellationToken cancellationToken)
    {
        await FoldedAsync(cancellationToken).ConfigureAwait(false);
        await NoteAsync("caught_up", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The raw entry of the peaks: <c>start=… folded=… caught_up=…</c> in MiB.</summary>
    public override string ToString() => string.Join(' ', _points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Point}={p.HighWater:F1}")));

    /// <summary>The raw entry of when each point came, in seconds since the start: how long the folds and the final pass took.</summary>
    public string Times() => string.Join(' ', _points.Skip(1).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Point}={p.Seconds:F1}")));

    /// <summary>The raw entry of what the metrics said at each point, in MiB.</summary>
    public string Breakdown() => string.Join("; ", _points.Select(p => $"{p.Point}: {p.Metrics}"));

    private async Task NoteAsync(string point, CancellationToken cancellationToken)
    {
        var seconds = _clock.Elapsed.TotalSeconds;
        var highWater = _process.ReadHighWaterBytes() / 1048576.0;
        var (anonymous, files) = _process.ReadResidentParts();
        var metrics = await ReadMetricsAsync(cancellationToken).ConfigureAwait(false);
        _points.Add((point, seconds, highWater, string.Create(CultureInfo.InvariantCulture, $"rss_anon={anonymous / 1048576.0:F1} rss_file={files / 1048576.0:F1} {metrics}")));
    }

    /// <summary>The GC's committed memory and heap, and SQLite's memory now and at its peak (absent on PostgreSQL).</summary>
    private async Task<string> ReadMetricsAsync(CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await _client.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            return $"metrics unread ({e.Message})";
        }

        var parts = new List<string>();
        foreach (var (label, series) in new[]
        {
            ("gc_committed", "dotnet_gc_last_collection_memory_committed_size_bytes"),
            ("gc_heap", "dotnet_gc_last_collection_heap_size_bytes"),
            ("sqlite_used", "rasa_sqlite_memory_used_bytes"),
            ("sqlite_peak", "rasa_sqlite_memory_peak_bytes"),
        })
        {
            var samples = Sample().Matches(text).Where(m => m.Groups["name"].Value == series).ToList();
            if (samples.Count > 0)
            {
                var bytes = samples.Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{label}={bytes / 1048576.0:F1}"));
            }
        }

        return string.Join(' ', parts);
    }

    /// <summary>A Prometheus sample line: its name, labels and value.</summary>
    [GeneratedRegex(@"^(?<name>[a-z_]+)(\{[^}]*\})? (?<value>[0-9.eE+-]+)$", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
