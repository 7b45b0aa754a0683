using System.Diagnostics;
using System.Text.Json;

namespace RasaPlatform.Benchmarks.Run.Steps;

/// <summary>
/// Waits until the service's metadata job has projected every imported conversation, and reports how fast it did:
/// the listing reflects an import only then, and reads measured while the job still runs would measure the job too.
/// </summary>
internal sealed class MetadataCatchUpStep : IMeasurementStep
{
    /// <summary>The slowest catch-up rate waited for; below it the run fails rather than wait for hours.</summary>
    /// <remarks>A quiet 2-core machine does 800 (PostgreSQL) to 1,700 (SQLite) a second; a busy one a quarter of that.</remarks>
    private const double SlowestRate = 150;

    /// <summary>The catch-up may take at most this many times DuckDB's load of the same NDJSON.</summary>
    public const double CatchUpTargetTimesDuckDb = 10;

    private static readonly TimeSpan MinimumLimit = TimeSpan.FromMinutes(30);

    public string Name => "metadata catch-up";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var client = (context.Service ?? throw new InvalidOperationException("The service has not started.")).Client;
        var clock = Stopwatch.StartNew();
        var first = await PendingAsync(client, cancellationToken).ConfigureAwait(false);
        var pending = first;
        var limit = TimeSpan.FromSeconds(Math.Max(MinimumLimit.TotalSeconds, first / SlowestRate));
        while (pending > 0)
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"The metadata job still had {pending} conversations queued after {limit}.");
            }

            // Each poll counts the queue; at L a count of a million rows costs PostgreSQL ~0.1 s, so polling every
            // 200 ms took a tenth of the machine from the job it measures. Poll often only near the end.
            await Task.Delay(pending > 20_000 ? 2_000 : 200, cancellationToken).ConfigureAwait(false);
            pending = await PendingAsync(client, cancellationToken).ConfigureAwait(false);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        context.AddRaw("metadata.pending_at_start", $"{first}");
        context.AddRaw("metadata.catch_up_seconds", $"{seconds:F3}");
        context.Rows.Add(new ResultRow(
            $"metadata job catch-up after the import ({first:N0} conversations still queued once the service answered)",
            first == 0 ? 0 : first / seconds,
            "conversations/s",
            Target: "report"));
        if (context.DuckDbLoadSeconds is { } load)
        {
            var ratio = seconds / load;
            context.Rows.Add(new ResultRow(
                $"metadata job catch-up time against DuckDB's load of the same NDJSON (catch-up {seconds:F1} s, DuckDB {load:F1} s)",
                seconds,
                "s",
                load,
                ratio,
                Target: $"≤ {CatchUpTargetTimesDuckDb:N0}× DuckDB load",
                Met: ratio <= CatchUpTargetTimesDuckDb));
        }
    }

    /// <summary>Conversations the metadata job still has queued (<c>GET /api/admin/metadata</c>).</summary>
    public static async Task<long> PendingAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync("admin/metadata", cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        return document.RootElement.GetProperty("pending").GetInt64();
    }
}
