using System.Diagnostics;
using System.Globalization;
using RasaPlatform.Benchmarks.Run.Listing;

namespace RasaPlatform.Benchmarks.Run.Steps;

/// <summary>
/// How soon an append shows in the listing under sustained ingest, once the metadata queue is empty: a
/// <see cref="FreshnessLoad"/> for <see cref="Seconds"/> s, its probes' append 2xx → listed times.
/// </summary>
/// <remarks>
/// Starts once the metadata queue is empty, so the appends of earlier steps are not measured; the catch-up's own
/// freshness is <see cref="MetadataCatchUpStep"/>'s.
/// </remarks>
internal sealed class FreshnessStep : IMeasurementStep
{
    /// <summary>How long the load's clients append.</summary>
    public const int Seconds = 20;

    public string Name => "listing freshness";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var service = context.RequireService();
        await WaitForEmptyQueueAsync(service.Client, cancellationToken).ConfigureAwait(false);
        var run = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}");
        var load = new FreshnessLoad(service.Client, FreshnessLoad.TurnsOf(context), "bench-fresh", run);
        var outcome = await load.RunAsync(TimeSpan.FromSeconds(Seconds), cancellationToken).ConfigureAwait(false);
        foreach (var (key, value) in outcome.Raw("freshness", outcome.Samples))
        {
            context.AddRaw(key, value);
        }

        context.Rows.Add(outcome.IngestRow("ingest during the freshness probes"));
        context.Rows.AddRange(outcome.LatencyRows("listing freshness", outcome.Samples));
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
}
