using System.Diagnostics;
using RasaPlatform.Benchmarks.Run.Steps;

namespace RasaPlatform.Benchmarks.Run.Mix;

/// <summary>
/// Writers and readers side by side for <see cref="MixOptions.Seconds"/>: requests per kind and their statuses (a 5xx
/// is a bug), then, once the metadata job has saved what they wrote, the deadlocks of the store's database and the
/// service's deadlock retries. Stops the service.
/// </summary>
/// <remarks>
/// Works on the first <see cref="WorkingSet"/> conversations of the data set (<see cref="MixConversations"/>), so that
/// writers meet on the same conversations, names, assistants and time buckets now and then, as a busy deployment does.
/// </remarks>
internal sealed class MixStep(MixOptions options) : IMeasurementStep
{
    /// <summary>Conversations the writers and readers pick from.</summary>
    public const int WorkingSet = 2_000;

    private static readonly TimeSpan DrainLimit = TimeSpan.FromMinutes(5);

    public string Name => "mix of writers and readers";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var service = context.RequireService();
        var client = service.Client;
        var conversations = MixConversations.Load(context.RequireData().Main, WorkingSet);
        var tags = await MixTags.CreateAsync(client, conversations.Assistants, cancellationToken).ConfigureAwait(false);
        var tally = new MixTally();
        foreach (var kind in MixWriter.Writes.Select(w => w.Kind).Concat(MixReader.Reads))
        {
            tally.Register(kind);
        }

        var watch = ConnectionString(context) is { } connectionString
            ? await PostgresDeadlockWatch.StartAsync(connectionString, cancellationToken).ConfigureAwait(false)
            : null;
        using var log = new ServiceLogCounts(service.Process);
        var duration = TimeSpan.FromSeconds(options.Seconds);
        var seed = context.Options.Seed;
        context.Progress($"mix: {options.Writers} writers and {options.Readers} readers over {conversations.All.Count} conversations for {options.Seconds} s");
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(
            Enumerable.Range(0, options.Writers).Select(i => Task.Run(() => new MixWriter(client, conversations, tags, tally, i, seed).RunAsync(duration, cancellationToken), cancellationToken))
            .Concat(Enumerable.Range(0, options.Readers).Select(i => Task.Run(() => new MixReader(client, conversations, tally, i, seed).RunAsync(duration, cancellationToken), cancellationToken)))).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var drain = await DrainAsync(client, cancellationToken).ConfigureAwait(false);

        // The service's connections close with it: each server process reports its deadlocks to the statistics then.
        context.Service = null;
        await service.DisposeAsync().ConfigureAwait(false);
        AddRequestRows(context, tally, elapsed);
        context.AddRaw("mix.drain_seconds", $"{drain:F1}");
        context.Rows.Add(new ResultRow("metadata queue empty again after the mix", drain, "s", Target: "report"));
        await AddDeadlockRowsAsync(context, watch, log, cancellationToken).ConfigureAwait(false);
        foreach (var error in tally.Errors)
        {
            context.Progress($"mix: {error}");
        }
    }

    private void AddRequestRows(BenchContext context, MixTally tally, double elapsed)
    {
        var writes = MixWriter.Writes.Select(w => w.Kind).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, kind) in tally.Kinds)
        {
            var role = writes.Contains(name) ? "write" : "read";
            context.AddRaw($"mix.{role}.{name}", $"requests={kind.Requests} 2xx={kind.Success} 4xx={kind.ClientErrors} 5xx={kind.ServerErrors} failed={kind.Failed} ms p50={kind.Percentile(50):F1} p95={kind.Percentile(95):F1} p99={kind.Percentile(99):F1}");
            context.Rows.Add(new ResultRow(
                $"{role}: {name}, {kind.Requests:N0} requests: {kind.ClientErrors:N0} 4xx, {kind.ServerErrors:N0} 5xx, {kind.Failed:N0} unanswered; p95 {kind.Percentile(95):F0} ms",
                kind.Requests / elapsed,
                "requests/s",
                Target: "no 5xx",
                Met: kind.ServerErrors == 0 && kind.Failed == 0));
        }

        var all = tally.Kinds.Select(k => k.Counts).ToList();
        context.AddRaw("mix.seconds", $"{elapsed:F1}");
        context.AddRaw("mix.writers", $"{options.Writers}");
        context.AddRaw("mix.readers", $"{options.Readers}");
        context.Progress($"mix: {all.Sum(k => k.Requests)} requests, {all.Sum(k => k.ServerErrors)} 5xx, {all.Sum(k => k.Failed)} unanswered in {elapsed:F1} s");
    }

    private static async Task AddDeadlockRowsAsync(BenchContext context, PostgresDeadlockWatch? watch, ServiceLogCounts log, CancellationToken cancellationToken)
    {
        if (watch is not null)
        {
            var counted = await watch.CounterGrowthAsync(cancellationToken).ConfigureAwait(false);
            var entries = await watch.LogEntriesAsync(cancellationToken).ConfigureAwait(false);
            context.AddRaw("mix.pg_stat_deadlocks", $"{counted}");
            context.AddRaw("mix.server_log_deadlocks", $"{(entries is null ? "unreadable" : entries.Count)}");
            context.Rows.Add(new ResultRow("deadlocks PostgreSQL detected in the service's database (pg_stat_database.deadlocks, after − before)", counted, "deadlocks", Target: "0", Met: counted == 0));
            context.Rows.Add(entries is null
                ? new ResultRow($"'deadlock detected' in the server log ({watch.LogPath} unreadable)", double.NaN, "errors", Target: "0")
                : new ResultRow("'deadlock detected' errors in the server log for that database", entries.Count, "errors", Target: "0", Met: entries.Count == 0));
            foreach (var entry in entries ?? [])
            {
                await context.Log.WriteAsync("mix: server log: " + entry).ConfigureAwait(false);
            }
        }

        context.AddRaw("mix.service_retries", $"{log.Retries}");
        context.AddRaw("mix.service_deadlock_errors", $"{log.Errors}");
        context.Rows.Add(new ResultRow($"transactions the service ran again after a deadlock (its '{ServiceLogCounts.RetryMarker}' warnings)", log.Retries, "retries", Target: "report"));
        context.Rows.Add(new ResultRow($"service log lines naming a deadlock that was not retried ({ServiceLogCounts.DeadlockState})", log.Errors, "lines", Target: "0", Met: log.Errors == 0));
    }

    /// <summary>Seconds until the metadata queue is empty (what the writers queued is saved, and so counted).</summary>
    private static async Task<double> DrainAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (await MetadataCatchUpStep.PendingAsync(client, cancellationToken).ConfigureAwait(false) > 0)
        {
            if (Stopwatch.GetElapsedTime(started) > DrainLimit)
            {
                throw new TimeoutException($"The metadata queue did not empty within {DrainLimit.TotalMinutes:0} minutes after the mix.");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>The service store's PostgreSQL connection string, or null on SQLite.</summary>
    private static string? ConnectionString(BenchContext context) => context.ServiceStoreSetting("--Storage:PostgreSql:ConnectionString=");
}
