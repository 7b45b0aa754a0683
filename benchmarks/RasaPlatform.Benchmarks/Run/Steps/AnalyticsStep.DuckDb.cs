using System.Net;
using System.Text.Json;
using RasaPlatform.Benchmarks.Run.Analytics;
using RasaPlatform.Benchmarks.Run.DuckDb;
using RasaPlatform.Benchmarks.Run.Listing;

namespace RasaPlatform.Benchmarks.Run.Steps;

/// <summary>Analytics' and statistics' questions asked of DuckDB, the second baseline.</summary>
internal sealed partial class AnalyticsStep
{
    /// <summary>
    /// DuckDB's answer to each analytics and then each statistics question, checked against the Api's as the SQL
    /// baseline's is (<see cref="BinCounts.Disagreement"/>, <see cref="StatisticsAnswer.Disagreement"/>), then timed in
    /// rounds that interleave them all, as many as the Api's (a statistics question being its five queries); null
    /// without DuckDB, and null for a question the Api did not answer.
    /// </summary>
    private static async Task<IReadOnlyList<DuckDbAnswer?>?> DuckDbAnswersAsync(
        BenchContext context,
        IReadOnlyList<AnalyticsQuery> analytics,
        IReadOnlyList<StatisticsQuery> statistics,
        List<(HttpStatusCode Status, JsonElement Body)> answers,
        CancellationToken cancellationToken)
    {
        if (context.DuckDb is not { } duck)
        {
            return null;
        }

        var questions = new List<Func<Task>?>();
        var disagreements = new List<string?>();
        for (var i = 0; i < analytics.Count + statistics.Count; i++)
        {
            if (answers[i].Status != HttpStatusCode.OK)
            {
                questions.Add(null);
                disagreements.Add(null);
                continue;
            }

            if (i < analytics.Count)
            {
                var query = analytics[i];
                var sql = duck.Analytics.Bins(query);
                var bins = BinCounts.FromSql(await duck.QueryNumbersAsync(sql, cancellationToken).ConfigureAwait(false), query.BinEdges());
                disagreements.Add(Mismatch(context, $"analytics?{query.QueryString()}", BinCounts.FromService(answers[i].Body).Disagreement(bins), [sql]));
                questions.Add(() => duck.QueryNumbersAsync(sql, cancellationToken));
            }
            else
            {
                var query = statistics[i - analytics.Count];
                var sql = duck.Analytics.Statistics(query);
                var lists = await ListsAsync(duck, sql, cancellationToken).ConfigureAwait(false);
                var disagreement = StatisticsAnswer.FromService(answers[i].Body).Disagreement(StatisticsAnswer.FromSql(lists, query.Limit));
                disagreements.Add(Mismatch(context, $"statistics?{query.QueryString()}", disagreement, [.. sql.Select(s => s.Sql)]));
                questions.Add(() => ListsAsync(duck, sql, cancellationToken));
            }
        }

        context.Progress($"analytics: DuckDB's {questions.Count} questions, {WarmupRounds} warmup and {TimedRounds} timed rounds");
        var latencies = await InProcessRounds.TimeAsync(questions, WarmupRounds, TimedRounds).ConfigureAwait(false);
        return [.. questions.Select((q, i) => q is null ? null : new DuckDbAnswer(latencies[i], disagreements[i]))];
    }

    private static string? Mismatch(BenchContext context, string request, string? disagreement, IReadOnlyList<SqlText> sql)
    {
        if (disagreement is not null)
        {
            context.Progress($"analytics MISMATCH with DuckDB, GET /api/{request}: {disagreement}{Environment.NewLine}{string.Join(Environment.NewLine, sql)}");
        }

        return disagreement;
    }
}
