using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using RasaPlatform.Benchmarks.Run.DuckDb;
using RasaPlatform.Benchmarks.Run.Listing;
using RasaPlatform.Benchmarks.Run.Stores;

namespace RasaPlatform.Benchmarks.Run.Steps;

/// <summary>
/// The conversation listing (<c>GET /api/conversations</c>) with each filter alone, realistic combinations and a deep
/// page, and the five distinct-name lists; each against the same question asked in SQL of Rasa's events table.
/// </summary>
/// <remarks>
/// <para>
/// Filter values are picked from the data set (<see cref="ListingQueries"/>). Each query is first asked once untimed
/// and its answer checked against the baseline's: the same total (<c>X-Total-Count</c>), the same first page in the
/// same order, <c>next_offset</c> exactly when more pages remain. A disagreement is printed in the row and logged
/// with its SQL. Then rounds interleave every query (a page of <see cref="ListingQuery.Limit"/>), each body read
/// whole; warmup rounds come first and are not counted. The baseline runs a few times only, being slow at size.
/// </para>
/// <para>
/// Runs before the appends: the baseline table holds only the imported events. Flags (<c>is_flagged</c>) are placed
/// through <c>PUT /api/conversations/{id}/messages/{timestamp}</c> when the service answers it with 201.
/// </para>
/// <para>
/// With DuckDB loaded (<see cref="DuckDbLoadStep"/>), the same questions are asked of it in process, checked alike and
/// timed in the same rounds (<c>ListingStep.DuckDb.cs</c>).
/// </para>
/// </remarks>
internal sealed partial class ListingStep : IMeasurementStep
{
    /// <summary>The listing's p95 target, in milliseconds.</summary>
    public const double P95TargetMs = 50;

    /// <summary>How many times faster than the baseline the listing must be.</summary>
    public const double SpeedupTarget = 100;

    /// <summary>The data set size (conversations) from which the speed-up target applies: M.</summary>
    public const long SpeedupFromConversations = Generation.DatasetSize.Medium;

    public const string Target = "p95 ≤ 50 ms, ≥ 100× SQL";

    /// <summary>Below size M the baseline is too small for a 100× gap to be the point; the row still reports the ratio.</summary>
    public const string SmallTarget = "p95 ≤ 50 ms (≥ 100× SQL from M)";

    private const int WarmupRounds = 10;
    private const int TimedRounds = 50;
    private const int ProfileConversations = 10_000;
    private const int FlaggedMessages = 5;
    private const int BaselineRuns = 3;

    /// <summary>A baseline slower than this on its first run is not repeated.</summary>
    private const double RepeatBaselineBelowMs = 5_000;

    public string Name => "listing";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var client = context.RequireService().Client;
        var table = context.RasaTable ?? throw new InvalidOperationException("The bare insert step has not run.");
        var probe = await ListingPage.GetAsync(client, "limit=1", cancellationToken).ConfigureAwait(false);
        if (probe.Status != HttpStatusCode.OK)
        {
            context.Rows.Add(new ResultRow($"conversation listing not measured: GET /api/conversations answered {(int)probe.Status}", double.NaN, "", Target: Target, Met: false));
            return;
        }

        var profile = ListingProfile.Read(File.ReadLines(context.RequireData().Main), ProfileConversations);
        var picks = ListingQueries.Pick(profile);
        context.AddRaw("listing.picks", $"{picks}");
        var flagged = await FlagAsync(context, client, table, profile, cancellationToken).ConfigureAwait(false);
        var queries = ListingQueries.Build(picks, flagged);
        var answers = new List<ListingPage>();
        foreach (var query in queries)
        {
            answers.Add(await ListingPage.GetAsync(client, query.QueryString(), cancellationToken).ConfigureAwait(false));
        }

        var distinct = table.Sql.DistinctNames();
        var names = new List<IReadOnlyList<string>>();
        foreach (var list in distinct)
        {
            names.Add(await client.GetFromJsonAsync<List<string>>(list.Path, cancellationToken).ConfigureAwait(false) ?? []);
        }

        var paths = queries.Select((q, i) => answers[i].Status == HttpStatusCode.OK ? "conversations?" + q.QueryString() : null)
            .Concat(distinct.Select(d => d.Path)).ToList();
        var latencies = await HttpRounds.TimeAsync(client, paths, WarmupRounds, TimedRounds, cancellationToken).ConfigureAwait(false);
        var duck = await DuckDbAnswersAsync(context, queries, answers, names, cancellationToken).ConfigureAwait(false);

        var all = probe.Total ?? 0;
        for (var i = 0; i < queries.Count; i++)
        {
            await AddQueryRowAsync(context, table, queries[i], answers[i], latencies[i], duck?[i], all, i, cancellationToken).ConfigureAwait(false);
        }

        for (var i = 0; i < distinct.Count; i++)
        {
            var n = queries.Count + i;
            await AddDistinctRowAsync(context, table, distinct[i], names[i], latencies[n], duck?[n], cancellationToken).ConfigureAwait(false);
        }
    }

    private static string TargetFor(BenchContext context) =>
        (context.Options.Conversations >= SpeedupFromConversations ? Target : SmallTarget) + DuckDbAnswer.TargetSuffix(context);

    private static bool FastEnough(BenchContext context, double speedup) =>
        context.Options.Conversations < SpeedupFromConversations || speedup >= SpeedupTarget;

    private static async Task AddQueryRowAsync(
        BenchContext context, IRasaEventsTable table, ListingQuery query, ListingPage api, Latencies latencies, DuckDbAnswer? duck, long all, int index, CancellationToken cancellationToken)
    {
        var queryString = query.QueryString();
        var key = string.Create(CultureInfo.InvariantCulture, $"listing.q{index:00}");
        context.AddRaw(key, $"{queryString}");
        if (api.Status != HttpStatusCode.OK)
        {
            context.Rows.Add(new ResultRow($"listing, {query.Label}: `{queryString}` answered {(int)api.Status}", double.NaN, "ms", Target: Target, Met: false));
            return;
        }

        var baseline = await BaselineAsync(table, query, cancellationToken).ConfigureAwait(false);
        context.Progress($"listing baseline {index + 1}: {query.Label}: {baseline.MedianMilliseconds:F0} ms ({baseline.Milliseconds.Count} runs)");
        var disagreement = baseline.Disagreement(query, api);
        if (disagreement is not null)
        {
            context.Progress($"listing MISMATCH, {query.Label}: GET /api/conversations?{queryString}: {disagreement}{Environment.NewLine}{table.Sql.Listing(query)}");
            context.AddRaw(key + "_mismatch", $"{disagreement}");
        }

        var p95 = latencies.Percentile(95);
        var speedup = baseline.MedianMilliseconds / p95;
        var empty = api.Total is null or 0;
        var note = (disagreement is not null ? $" **differs from SQL: {disagreement}**" : empty ? " **no match**" : "") + duck?.Note;
        context.AddRaw(key + "_ms", $"p50={latencies.Percentile(50):F3} p95={p95:F3} p99={latencies.Percentile(99):F3}");
        duck?.AddRaw(context, key);
        context.AddRaw(key + "_sql_ms", $"{string.Join(' ', baseline.Milliseconds.Select(m => m.ToString("F1", CultureInfo.InvariantCulture)))}");
        context.Rows.Add(new ResultRow(
            $"listing p95, {query.Label}: `{queryString}` ({api.Total:N0} of {all:N0}; p50 {latencies.Percentile(50):F1}, p99 {latencies.Percentile(99):F1} ms){note}",
            p95,
            "ms",
            baseline.MedianMilliseconds,
            speedup,
            Target: TargetFor(context),
            Met: p95 <= P95TargetMs && FastEnough(context, speedup) && disagreement is null && !empty && DuckDbAnswer.Met(context, duck, p95),
            DuckDb: duck?.Times));
    }

    private static async Task AddDistinctRowAsync(
        BenchContext context,
        IRasaEventsTable table,
        (string Path, SqlText Sql, bool PlainPolicies) list,
        IReadOnlyList<string> api,
        Latencies latencies,
        DuckDbAnswer? duck,
        CancellationToken cancellationToken)
    {
        var milliseconds = new List<double>();
        IReadOnlyList<string> names = [];
        for (var run = 0; run < BaselineRuns && (run == 0 || milliseconds[0] < RepeatBaselineBelowMs); run++)
        {
            var started = Stopwatch.GetTimestamp();
            names = await NamesAsync(table, list, cancellationToken).ConfigureAwait(false);
            milliseconds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var agree = api.SequenceEqual(names, StringComparer.Ordinal);
        if (!agree)
        {
            context.Progress($"listing MISMATCH, GET /api/{list.Path}: [{string.Join(", ", api)}] vs SQL [{string.Join(", ", names)}]{Environment.NewLine}{list.Sql}");
        }

        var baseline = new BaselineAnswer(names.Count, names, milliseconds).MedianMilliseconds;
        var p95 = latencies.Percentile(95);
        context.AddRaw($"listing.{list.Path}_ms", $"p50={latencies.Percentile(50):F3} p95={p95:F3} p99={latencies.Percentile(99):F3} sql={baseline:F1}");
        duck?.AddRaw(context, $"listing.{list.Path}");
        context.Rows.Add(new ResultRow(
            $"GET /api/{list.Path} p95 ({api.Count} names; p50 {latencies.Percentile(50):F1}, p99 {latencies.Percentile(99):F1} ms)"
                + (agree ? "" : $" **differs from SQL ({names.Count} names)**") + duck?.Note,
            p95,
            "ms",
            baseline,
            baseline / p95,
            Target: TargetFor(context),
            Met: p95 <= P95TargetMs && FastEnough(context, baseline / p95) && agree && DuckDbAnswer.Met(context, duck, p95),
            DuckDb: duck?.Times));
    }

    /// <summary>Runs the query's SQL (and, for a page past the end, its count) up to <see cref="BaselineRuns"/> times.</summary>
    private static async Task<BaselineAnswer> BaselineAsync(IRasaEventsTable table, ListingQuery query, CancellationToken cancellationToken)
    {
        var milliseconds = new List<double>();
        (long Total, IReadOnlyList<string> Page) answer = (0, []);
        for (var run = 0; run < BaselineRuns && (run == 0 || milliseconds[0] < RepeatBaselineBelowMs); run++)
        {
            var started = Stopwatch.GetTimestamp();
            answer = await AnswerAsync(table, query, cancellationToken).ConfigureAwait(false);
            milliseconds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return new BaselineAnswer(answer.Total, answer.Page, milliseconds);
    }

    /// <summary>
    /// The query's total and page from <paramref name="table"/>'s SQL; for a page past the end, which has no row to
    /// carry the total, its count too.
    /// </summary>
    private static async Task<(long Total, IReadOnlyList<string> Page)> AnswerAsync(IBaselineTable table, ListingQuery query, CancellationToken cancellationToken)
    {
        var rows = await table.QueryAsync(table.Sql.Listing(query), cancellationToken).ConfigureAwait(false);
        var total = rows.Count > 0 ? rows[0].Count
            : query.Offset == 0 ? 0
            : (await table.QueryAsync(table.Sql.Listing(query, countOnly: true), cancellationToken).ConfigureAwait(false))[0].Count;
        return (total, [.. rows.Select(r => r.Text ?? "")]);
    }

    /// <summary>A distinct-name list from <paramref name="table"/>'s SQL as the Api gives it: blank names dropped, ordinal order.</summary>
    private static async Task<IReadOnlyList<string>> NamesAsync(IBaselineTable table, (string Path, SqlText Sql, bool PlainPolicies) list, CancellationToken cancellationToken)
    {
        var rows = await table.QueryAsync(list.Sql, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => r.Text).OfType<string>().Select(n => list.PlainPolicies ? RasaPolicyName.Plain(n) : n)
            .Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>Flags the first user message of a few conversations, in the service and in the baseline's <c>flags</c> table.</summary>
    /// <returns>Whether the service took the flags (answered 201); if not, <c>is_flagged</c> is not measured.</returns>
    private static async Task<bool> FlagAsync(BenchContext context, HttpClient client, IRasaEventsTable table, ListingProfile profile, CancellationToken cancellationToken)
    {
        var flagged = new List<(string SenderId, double Timestamp)>();
        foreach (var (sender, timestamp) in profile.FlagCandidateMessages.Take(FlaggedMessages))
        {
            using var response = await client.PutAsync($"conversations/{Uri.EscapeDataString(sender)}/messages/{timestamp}", null, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                var why = $"PUT /api/conversations/{{id}}/messages/{{timestamp}} answered {(int)response.StatusCode}, not 201";
                context.Progress($"listing: is_flagged not measured: {why}");
                context.AddRaw("listing.is_flagged", $"not measured: {why}");
                context.Rows.Add(new ResultRow($"listing, is_flagged: not measured ({why})", double.NaN, "ms"));
                break;
            }

            flagged.Add((sender, double.Parse(timestamp, CultureInfo.InvariantCulture)));
        }

        if (flagged.Count > 0)
        {
            await table.FlagAsync(flagged, cancellationToken).ConfigureAwait(false);
            if (context.DuckDb is { } duck)
            {
                await duck.FlagAsync(flagged, cancellationToken).ConfigureAwait(false);
            }
        }

        return flagged.Count > 0;
    }
}
