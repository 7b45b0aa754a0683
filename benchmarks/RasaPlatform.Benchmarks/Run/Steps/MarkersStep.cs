using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using RasaPlatform.Benchmarks.Markers;

namespace RasaPlatform.Benchmarks.Run.Steps;

/// <summary>
/// Markers on the imported store (issue 26): defines <see cref="MarkerCostCommand.TenMarkers"/> for every assistant,
/// times the re-evaluation of their history by the metadata job, then the listing's <c>marker</c> and
/// <c>marker_not</c> filters and the marker statistics over HTTP.
/// </summary>
internal sealed class MarkersStep : IMeasurementStep
{
    /// <summary>The listing target with a marker filter at p95, in milliseconds.</summary>
    public const double ListingP95TargetMs = 30;

    /// <summary>The marker statistics target at p95, in milliseconds.</summary>
    public const double StatisticsP95TargetMs = 50;

    private const int Warmup = 10;
    private const int Timed = 100;

    public string Name => "markers";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var client = context.RequireService().Client;
        var assistants = (await GetJsonAsync(client, "/api/assistants", cancellationToken).ConfigureAwait(false))
            .EnumerateArray().Select(a => (Name: a.GetProperty("name").GetString()!, Conversations: a.GetProperty("conversations").GetInt64()))
            .ToList();
        var clock = Stopwatch.StartNew();
        foreach (var (name, _) in assistants)
        {
            using var content = new StringContent(MarkerCostCommand.TenMarkers, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
            using var put = await client.PutAsync(new Uri($"/api/markers?assistant={Uri.EscapeDataString(name)}", UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
            put.EnsureSuccessStatusCode();
        }

        // Drained means re-evaluated and, when the change queued enough to defer the store's maintenance, restored too.
        var status = await MetadataQueueStatus.GetAsync(client, cancellationToken).ConfigureAwait(false);
        var queued = status.Pending;
        while (!status.BacklogDrained(liveConversations: 0))
        {
            await Task.Delay(status.PollDelay, cancellationToken).ConfigureAwait(false);
            status = await MetadataQueueStatus.GetAsync(client, cancellationToken).ConfigureAwait(false);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        context.AddRaw("markers.reevaluated", $"{queued}");
        context.AddRaw("markers.reevaluation_seconds", $"{seconds:F3}");
        context.Rows.Add(new ResultRow(
            $"marker re-evaluation of every assistant's history after ten markers were defined ({queued:N0} conversations queued, PUT to drained)",
            queued / seconds,
            "conversations/s",
            Target: "the catch-up's rate"));

        var busiest = assistants.OrderByDescending(a => a.Conversations).First().Name;
        var listings = new (string What, string Path)[]
        {
            ("listing p95, one marker: `marker=weather_answered&limit=50`", "/api/conversations?marker=weather_answered&limit=50"),
            ("listing p95, two markers and an assistant: `marker=order_cancelled,abandoned_order&assistant=…`", $"/api/conversations?marker=order_cancelled,abandoned_order&assistant={Uri.EscapeDataString(busiest)}&limit=50"),
            ("listing p95, never applied: `marker_not=greeted&limit=50`", "/api/conversations?marker_not=greeted&limit=50"),
            ("listing p95, marker with an intent, by confidence: `marker=city_given&intent=check_weather&sort_by_confidence=true`", "/api/conversations?marker=city_given&intent=check_weather&sort_by_confidence=true&limit=50"),
        };
        var statistics = new (string What, string Path)[]
        {
            ($"marker statistics p95, all sessions of the busiest assistant", $"/api/markers/statistics?assistant={Uri.EscapeDataString(busiest)}"),
        };
        var all = listings.Concat(statistics).ToList();
        var totals = new List<string>();
        foreach (var (_, path) in all)
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative), cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            totals.Add(response.Headers.TryGetValues("X-Total-Count", out var values) ? values.Single() : "");
        }

        var latencies = await HttpRounds.TimeAsync(client, [.. all.Select(a => (string?)a.Path)], Warmup, Timed, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < all.Count; i++)
        {
            var listing = i < listings.Length;
            var target = listing ? ListingP95TargetMs : StatisticsP95TargetMs;
            var p95 = latencies[i].Percentile(95);
            var total = totals[i].Length > 0 ? $"{long.Parse(totals[i], CultureInfo.InvariantCulture):N0} matching; " : "";
            context.AddRaw($"markers.{i}_ms", $"p50={latencies[i].Percentile(50):F3} p95={p95:F3} p99={latencies[i].Percentile(99):F3}");
            context.Rows.Add(new ResultRow(
                $"{all[i].What} ({total}p50 {latencies[i].Percentile(50):F1}, p99 {latencies[i].Percentile(99):F1} ms)",
                p95,
                "ms",
                Target: $"p95 ≤ {target:N0} ms",
                Met: p95 <= target));
        }
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).RootElement.Clone();
    }
}
