using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using RasaPlatform.Benchmarks.Run.Analytics;
using RasaPlatform.Benchmarks.Run.DuckDb;
using RasaPlatform.Benchmarks.Run.Listing;
using RasaPlatform.Benchmarks.Run.Stores;

namespace RasaPlatform.Benchmarks.Run.Steps;

/// <summary>
/// Analytics (<c>GET /api/analytics</c>) over the data set's whole span in daily bins, over its last 30 days in hourly
/// bins, and daily in a zone with daylight saving time; statistics (<c>GET /api/statistics</c>) of all time and of the
/// last 30 days; each against the same question asked in SQL of Rasa's events table.
/// </summary>
/// <remarks>
/// <para>
/// The span is the whole UTC days holding the events of the baseline table, which holds exactly what the service
/// imported (<see cref="AnalyticsQueries"/>). Each query is first asked once untimed and its answer checked against the
/// baseline's where the definitions agree (<see cref="BinCounts.Disagreement"/>,
/// <see cref="StatisticsAnswer.Disagreement"/>); a disagreement is printed in the row and logged with its SQL. Then
/// rounds interleave every query, warmup first, as the listing's. The baseline runs a few times only, being slow at
/// size; a statistics baseline is the sum of its five queries.
/// </para>
/// <para>Runs before the appends, so that the baseline table and the service hold the same events.</para>
/// <para>
/// With DuckDB loaded (<see cref="DuckDbLoadStep"/>), the same questions are asked of it in process, checked alike and
/// timed in the same rounds (<c>AnalyticsStep.DuckDb.cs</c>).
/// </para>
/// </remarks>
internal sealed partial class AnalyticsStep : IMeasurementStep
{
    /// <summary>The p95 target of analytics and statistics, in milliseconds.</summary>
    public const double P95TargetMs = 30;

    /// <summary>How many times faster than the baseline they must be (from <see cref="ListingStep.SpeedupFromConversations"/>).</summary>
    public const double SpeedupTarget = 100;

    public const string Target = "p95 ≤ 30 ms, ≥ 100× SQL";

    /// <summary>Below size M the baseline is too small for a 100× gap to be the point; the row still reports the ratio.</summary>
    public const string SmallTarget = "p95 ≤ 30 ms (≥ 100× SQL from M)";

    private const int WarmupRounds = 10;
    private const int TimedRounds = 50;
    private const int BaselineRuns = 3;

    /// <summary>A baseline slower than this on its first run is not repeated.</summary>
    private const double RepeatBaselineBelowMs = 5_000;

    public string Name => "analytics";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var client = context.RequireService().Client;
        var table = context.RasaTable ?? throw new InvalidOperationException("The bare insert step has not run.");
        var span = (await table.QueryNumbersAsync(AnalyticsSql.Span(), cancellationToken).ConfigureAwait(false))[0];
        var (start, end) = AnalyticsQueries.WholeDays(span[0], span[1]);
        var analytics = AnalyticsQueries.Analytics(start, end);
        var statistics = AnalyticsQueries.Statistics(start, end);
        context.AddRaw("analytics.span", $"{span[0]:F3}..{span[1]:F3} s, asked as {start}..{end}");

        var paths = analytics.Select(q => "analytics?" + q.QueryString()).Concat(statistics.Select(q => "statistics?" + q.QueryString())).ToList();
        var answers = new List<(HttpStatusCode Status, JsonElement Body)>();
        foreach (var path in paths)
        {
            answers.Add(await GetAsync(client, path, cancellationToken).ConfigureAwait(false));
        }

        var timed = paths.Select((p, i) => answers[i].Status == HttpStatusCode.OK ? p : null).ToList();
        var latencies = await HttpRounds.TimeAsync(client, timed, WarmupRounds, TimedRounds, cancellationToken).ConfigureAwait(false);
        var duck = await DuckDbAnswersAsync(context, analytics, statistics, answers, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < analytics.Count; i++)
        {
            await AddAnalyticsRowAsync(context, table, analytics[i], answers[i], latencies[i], duck?[i], reportOnly: i == 2, i, cancellationToken).ConfigureAwait(false);
        }

        for (var i = 0; i < statistics.Count; i++)
        {
            var n = analytics.Count + i;
            await AddStatisticsRowAsync(context, table, statistics[i], answers[n], latencies[n], duck?[n], i, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string TargetFor(BenchContext context) =>
        (context.Options.Conversations >= ListingStep.SpeedupFromConversations ? Target : SmallTarget) + DuckDbAnswer.TargetSuffix(context);

    private static bool Met(BenchContext context, double p95, double speedup) =>
        p95 <= P95TargetMs && (context.Options.Conversations < ListingStep.SpeedupFromConversations || speedup >= SpeedupTarget);

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(path, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (response.StatusCode, default);
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        return (response.StatusCode, document.RootElement.Clone());
    }

    private static async Task AddAnalyticsRowAsync(
        BenchContext context,
        IRasaEventsTable table,
        AnalyticsQuery query,
        (HttpStatusCode Status, JsonElement Body) api,
        Latencies latencies,
        DuckDbAnswer? duck,
        bool reportOnly,
        int index,
        CancellationToken cancellationToken)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"analytics.a{index}");
        var what = $"analytics p95, {query.Label}: `{query.QueryString()}`";
        context.AddRaw(key, $"{query.QueryString()}");
        if (api.Status != HttpStatusCode.OK)
        {
            context.Rows.Add(new ResultRow($"{what} answered {(int)api.Status}", double.NaN, "ms", Target: reportOnly ? "report" : TargetFor(context), Met: false));
            return;
        }

        var edges = query.BinEdges();
        var sql = table.Analytics.Bins(query);
        var (rows, milliseconds) = await BaselineAsync(() => table.QueryNumbersAsync(sql, cancellationToken)).ConfigureAwait(false);
        var baseline = BinCounts.FromSql(rows, edges);
        var ours = BinCounts.FromService(api.Body);
        var disagreement = ours.Disagreement(baseline);
        var median = Median(milliseconds);
        context.Progress($"analytics baseline {index + 1}: {query.Label}: {median:F0} ms ({milliseconds.Count} runs)");
        if (disagreement is not null)
        {
            context.Progress($"analytics MISMATCH, {query.Label}: GET /api/analytics?{query.QueryString()}: {disagreement}{Environment.NewLine}{sql}");
            context.AddRaw(key + "_mismatch", $"{disagreement}");
        }

        context.AddRaw(key + "_sums", $"bins={ours.BinStarts.Count} user={ours.UserMessages.Sum()} bot={ours.BotMessages.Sum()} conversations={ours.Conversations.Sum()} sessions={ours.Sessions.Sum():F0} | sql: bins={baseline.BinStarts.Count} user={baseline.UserMessages.Sum()} bot={baseline.BotMessages.Sum()} senders_with_message={baseline.Conversations.Sum()} session_started={baseline.Sessions.Sum():F0}");
        var note = disagreement is null ? "" : $" **differs from SQL: {disagreement}**";
        var details = $"{edges.Count - 1:N0} bins, {ours.UserMessages.Sum() + ours.BotMessages.Sum():N0} messages";
        AddRow(context, key, what, details, note, latencies, milliseconds, duck, reportOnly, disagreement is null);
    }

    private static async Task AddStatisticsRowAsync(
        BenchContext context,
        IRasaEventsTable table,
        StatisticsQuery query,
        (HttpStatusCode Status, JsonElement Body) api,
        Latencies latencies,
        DuckDbAnswer? duck,
        int index,
        CancellationToken cancellationToken)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"analytics.s{index}");
        var what = $"statistics p95, {query.Label}: `{query.QueryString()}`";
        context.AddRaw(key, $"{query.QueryString()}");
        if (api.Status != HttpStatusCode.OK)
        {
            context.Rows.Add(new ResultRow($"{what} answered {(int)api.Status}", double.NaN, "ms", Target: TargetFor(context), Met: false));
            return;
        }

        var sql = table.Analytics.Statistics(query);
        var (lists, milliseconds) = await BaselineAsync(() => ListsAsync(table, sql, cancellationToken)).ConfigureAwait(false);
        var baseline = StatisticsAnswer.FromSql(lists, query.Limit);
        var ours = StatisticsAnswer.FromService(api.Body);
        var disagreement = ours.Disagreement(baseline);
        context.Progress($"analytics baseline: statistics, {query.Label}: {Median(milliseconds):F0} ms ({milliseconds.Count} runs)");
        if (disagreement is not null)
        {
            context.Progress($"analytics MISMATCH, statistics {query.Label}: GET /api/statistics?{query.QueryString()}: {disagreement}{Environment.NewLine}{string.Join(Environment.NewLine, sql.Select(s => s.Sql))}");
            context.AddRaw(key + "_mismatch", $"{disagreement}");
        }

        var note = disagreement is null ? "" : $" **differs from SQL: {disagreement}**";
        var details = $"{ours.UserMessages:N0} user, {ours.BotMessages:N0} bot messages";
        AddRow(context, key, what, details, note, latencies, milliseconds, duck, reportOnly: false, disagreement is null);
    }

    /// <summary>Runs the statistics' queries (<see cref="AnalyticsSql.Statistics"/>) of <paramref name="table"/>, one after the other.</summary>
    /// <returns>Each list's rows, by its name.</returns>
    private static async Task<Dictionary<string, IReadOnlyList<(string? Text, long Count)>>> ListsAsync(
        Stores.IBaselineTable table, IReadOnlyList<(string List, SqlText Sql)> sql, CancellationToken cancellationToken)
    {
        var lists = new Dictionary<string, IReadOnlyList<(string? Text, long Count)>>();
        foreach (var (list, text) in sql)
        {
            lists[list] = await table.QueryAsync(text, cancellationToken).ConfigureAwait(false);
        }

        return lists;
    }

    private static void AddRow(
        BenchContext context, string key, string what, string details, string note, Latencies latencies, List<double> baselineMs, DuckDbAnswer? duck, bool reportOnly, bool agrees)
    {
        var p95 = latencies.Percentile(95);
        var median = Median(baselineMs);
        var speedup = median / p95;
        context.AddRaw(key + "_ms", $"p50={latencies.Percentile(50):F3} p95={p95:F3} p99={latencies.Percentile(99):F3}");
        context.AddRaw(key + "_sql_ms", $"{string.Join(' ', baselineMs.Select(m => m.ToString("F1", CultureInfo.InvariantCulture)))}");
        duck?.AddRaw(context, key);
        var duckAgrees = duck?.Disagreement is null;
        context.Rows.Add(new ResultRow(
            $"{what} ({details}; p50 {latencies.Percentile(50):F1}, p99 {latencies.Percentile(99):F1} ms){note}{duck?.Note}",
            p95,
            "ms",
            median,
            speedup,
            Target: reportOnly ? "report" : TargetFor(context),
            Met: reportOnly ? (agrees && duckAgrees ? null : false) : Met(context, p95, speedup) && agrees && DuckDbAnswer.Met(context, duck, p95),
            DuckDb: duck?.Times));
    }

    /// <summary>Runs the baseline up to <see cref="BaselineRuns"/> times (once when the first run is slow).</summary>
    /// <returns>The last run's answer and each run's time in milliseconds.</returns>
    private static async Task<(T Answer, List<double> Milliseconds)> BaselineAsync<T>(Func<Task<T>> run)
    {
        var milliseconds = new List<double>();
        T answer = default!;
        for (var i = 0; i < BaselineRuns && (i == 0 || milliseconds[0] < RepeatBaselineBelowMs); i++)
        {
            var started = Stopwatch.GetTimestamp();
            answer = await run().ConfigureAwait(false);
            milliseconds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return (answer, milliseconds);
    }

    private static double Median(List<double> milliseconds) => new BaselineAnswer(0, [], milliseconds).MedianMilliseconds;
}
