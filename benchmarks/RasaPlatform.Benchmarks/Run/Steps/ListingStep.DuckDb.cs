using System.Net;
using RasaPlatform.Benchmarks.Run.DuckDb;
using RasaPlatform.Benchmarks.Run.Listing;

namespace RasaPlatform.Benchmarks.Run.Steps;

/// <summary>The listing's questions asked of DuckDB, the second baseline.</summary>
internal sealed partial class ListingStep
{
    /// <summary>
    /// DuckDB's answer to each query and then each distinct-name list, checked against the Api's as the SQL baseline's
    /// is (the same total, page and <c>next_offset</c>; the same names), then timed in rounds that interleave them all,
    /// as many as the Api's; null without DuckDB, and null for a query the Api did not answer.
    /// </summary>
    private static async Task<IReadOnlyList<DuckDbAnswer?>?> DuckDbAnswersAsync(
        BenchContext context, IReadOnlyList<ListingQuery> queries, List<ListingPage> answers, List<IReadOnlyList<string>> names, CancellationToken cancellationToken)
    {
        if (context.DuckDb is not { } duck)
        {
            return null;
        }

        var questions = new List<Func<Task>?>();
        var disagreements = new List<string?>();
        for (var i = 0; i < queries.Count; i++)
        {
            var query = queries[i];
            if (answers[i].Status != HttpStatusCode.OK)
            {
                questions.Add(null);
                disagreements.Add(null);
                continue;
            }

            var (total, page) = await AnswerAsync(duck, query, cancellationToken).ConfigureAwait(false);
            var disagreement = new BaselineAnswer(total, page, []).Disagreement(query, answers[i]);
            Mismatch(context, $"GET /api/conversations?{query.QueryString()}", disagreement, duck.Sql.Listing(query));
            disagreements.Add(disagreement);
            questions.Add(() => AnswerAsync(duck, query, cancellationToken));
        }

        var lists = duck.Sql.DistinctNames();
        for (var i = 0; i < lists.Count; i++)
        {
            var list = lists[i];
            var duckNames = await NamesAsync(duck, list, cancellationToken).ConfigureAwait(false);
            var disagreement = names[i].SequenceEqual(duckNames, StringComparer.Ordinal) ? null : $"[{string.Join(", ", names[i])}], DuckDB [{string.Join(", ", duckNames)}]";
            Mismatch(context, $"GET /api/{list.Path}", disagreement, list.Sql);
            disagreements.Add(disagreement);
            questions.Add(() => NamesAsync(duck, list, cancellationToken));
        }

        context.Progress($"listing: DuckDB's {questions.Count} questions, {WarmupRounds} warmup and {TimedRounds} timed rounds");
        var latencies = await InProcessRounds.TimeAsync(questions, WarmupRounds, TimedRounds).ConfigureAwait(false);
        return [.. questions.Select((q, i) => q is null ? null : new DuckDbAnswer(latencies[i], disagreements[i]))];
    }

    private static void Mismatch(BenchContext context, string request, string? disagreement, SqlText sql)
    {
        if (disagreement is not null)
        {
            context.Progress($"listing MISMATCH with DuckDB, {request}: {disagreement}{Environment.NewLine}{sql}");
        }
    }
}
