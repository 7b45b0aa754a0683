using System.Diagnostics;
using System.Globalization;
using RasaPlatform.Benchmarks.Run.Listing;

namespace RasaPlatform.Benchmarks.Run.Steps;

/// <summary>
/// Waits until the service's metadata job has projected every imported conversation, and reports how fast it did:
/// the listing reflects an import only then, and reads measured while the job still runs would measure the job too.
/// </summary>
/// <remarks>
/// With live writes (the <c>catch-up</c> verb, or <c>run --live-catch-up</c>), a <see cref="FreshnessLoad"/> starts
/// as soon as the queue is first read, right after the service answered, and appends beside the catch-up for
/// <see cref="LiveSeconds"/> s: its probes' freshness is reported over those acknowledged while the backlog was still
/// queued (the writers go on for the whole time even when it drains sooner), and the catch-up's rate includes
/// that load.
/// </remarks>
/// <param name="liveWrites">Whether to append and probe freshness during the catch-up whatever the options say.</param>
internal sealed class MetadataCatchUpStep(bool liveWrites = false) : IMeasurementStep
{
    /// <summary>The slowest catch-up rate waited for; below it the run fails rather than wait for hours.</summary>
    /// <remarks>A quiet 2-core machine does 800 (PostgreSQL) to 1,700 (SQLite) a second; a busy one a quarter of that.</remarks>
    private const double SlowestRate = 150;

    /// <summary>The catch-up may take at most this many times DuckDB's load of the same NDJSON.</summary>
    public const double CatchUpTargetTimesDuckDb = 10;

    /// <summary>How long live writes append beside the catch-up: as long as <see cref="FreshnessStep"/>'s.</summary>
    public const int LiveSeconds = FreshnessStep.Seconds;

    private static readonly TimeSpan MinimumLimit = TimeSpan.FromMinutes(30);

    public string Name => "metadata catch-up";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var service = context.Service ?? throw new InvalidOperationException("The service has not started.");
        var client = service.Client;
        var live = liveWrites || context.Options.LiveCatchUp;
        var memory = await CatchUpMemory.StartAsync(service.Process, client, cancellationToken).ConfigureAwait(false);
        var load = live ? new FreshnessLoad(client, FreshnessLoad.TurnsOf(context), "bench-fresh-catchup", string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}_catchup")) : null;
        var clock = Stopwatch.StartNew();
        var queuedAt = Stopwatch.GetTimestamp();
        var first = (await MetadataQueueStatus.GetAsync(client, cancellationToken).ConfigureAwait(false)).Pending;
        var probes = load?.RunAsync(TimeSpan.FromSeconds(LiveSeconds), cancellationToken);
        var lastQueued = await WaitForBacklogAsync(client, first, first > 0 ? queuedAt : 0, clock, live ? FreshnessLoad.Conversations : 0, memory, cancellationToken).ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        await memory.CaughtUpAsync(cancellationToken).ConfigureAwait(false);
        context.AddRaw("metadata.vmhwm_mib", $"{memory}");
        context.AddRaw("metadata.memory_mib", $"{memory.Breakdown()}");
        context.AddRaw("metadata.phase_seconds", $"{memory.Times()}");
        AddCatchUpRows(context, first, seconds, live);
        if (probes is not null)
        {
            AddLiveRows(context, await probes.ConfigureAwait(false), lastQueued);
        }
    }

    /// <summary>Conversations the metadata job still has queued (<c>GET /api/admin/metadata</c>).</summary>
    public static async Task<long> PendingAsync(HttpClient client, CancellationToken cancellationToken) =>
        (await MetadataQueueStatus.GetAsync(client, cancellationToken).ConfigureAwait(false)).Pending;

    /// <summary>
    /// Waits until the backlog of <paramref name="first"/> conversations is drained, beside writers to up to
    /// <paramref name="liveConversations"/> conversations of their own.
    /// </summary>
    /// <returns>When the last read that found it queued was sent (a <see cref="Stopwatch.GetTimestamp"/>), or <paramref name="queuedAt"/>.</returns>
    private static async Task<long> WaitForBacklogAsync(
        HttpClient client,
        long first,
        long queuedAt,
        Stopwatch clock,
        int liveConversations,
        CatchUpMemory memory,
        CancellationToken cancellationToken)
    {
        var limit = TimeSpan.FromSeconds(Math.Max(MinimumLimit.TotalSeconds, first / SlowestRate));
        var status = new MetadataQueueStatus(first, CatchUpEnded: false);
        while (!status.BacklogDrained(liveConversations))
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"The metadata job still had {status.Pending} conversations queued after {limit}.");
            }

            await Task.Delay(status.PollDelay, cancellationToken).ConfigureAwait(false);
            var asked = Stopwatch.GetTimestamp();
            status = await MetadataQueueStatus.GetAsync(client, cancellationToken).ConfigureAwait(false);
            queuedAt = status.BacklogDrained(liveConversations) ? queuedAt : asked;
            if (status.Pending <= liveConversations)
            {
                await memory.FoldedAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return queuedAt;
    }

    private static void AddCatchUpRows(BenchContext context, long first, double seconds, bool live)
    {
        context.AddRaw("metadata.pending_at_start", $"{first}");
        context.AddRaw("metadata.catch_up_seconds", $"{seconds:F3}");
        var beside = live
            ? $"; live writes ran beside it, {FreshnessLoad.Clients} clients' turns and freshness probes for its first {Math.Min(seconds, LiveSeconds):F0} s"
            : "";
        context.Rows.Add(new ResultRow(
            $"metadata job catch-up after the import ({first:N0} conversations still queued once the service answered{beside})",
            first == 0 ? 0 : first / seconds,
            "conversations/s",
            Target: "report"));
        if (context.DuckDbLoadSeconds is { } load)
        {
            var ratio = seconds / load;
            context.Rows.Add(new ResultRow(
                $"metadata job catch-up time against DuckDB's load of the same NDJSON (catch-up {seconds:F1} s{(live ? " with live writes beside it" : "")}, DuckDB {load:F1} s)",
                seconds,
                "s",
                load,
                ratio,
                Target: $"≤ {CatchUpTargetTimesDuckDb:N0}× DuckDB load",
                Met: ratio <= CatchUpTargetTimesDuckDb));
        }
    }

    /// <summary>The live writes' rows: their ingest, and the freshness of the probes acknowledged by <paramref name="lastQueued"/>.</summary>
    private static void AddLiveRows(BenchContext context, FreshnessOutcome outcome, long lastQueued)
    {
        var counted = outcome.AcknowledgedBy(lastQueued);
        foreach (var (key, value) in outcome.Raw("catch_up_freshness", counted))
        {
            context.AddRaw(key, value);
        }

        context.AddRaw("catch_up_freshness.samples_all", $"{outcome.Samples.Count}");
        context.AddRaw("catch_up_freshness.events_per_second_all", $"{outcome.EventsPerSecond:F1}");
        context.Rows.Add(outcome.IngestRow("ingest beside the catch-up while the import's backlog was queued, by the freshness probes' writers", lastQueued));
        context.Rows.AddRange(outcome.LatencyRows("listing freshness during the catch-up", counted, CountedNote(counted.Count, outcome.Samples.Count)));
    }

    /// <summary>What the catch-up freshness rows say of the samples they count: all, or those of the backlog's time.</summary>
    internal static string CountedNote(int counted, int all) => counted == all
        ? " acknowledged while the import's backlog was queued"
        : $" acknowledged while the import's backlog was queued, of {all}: the writers went on after it drained";
}
