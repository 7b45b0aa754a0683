using System.Diagnostics;

namespace RasaPlatform.Benchmarks.Run.DuckDb;

/// <summary>Times in-process questions in rounds that interleave them all, as <see cref="HttpRounds"/> times requests.</summary>
internal static class InProcessRounds
{
    /// <summary>
    /// <paramref name="warmup"/> rounds, not counted, then <paramref name="timed"/> rounds asking each question once
    /// (null questions skipped), each answer read whole by the question itself.
    /// </summary>
    /// <returns>The latencies of the counted rounds, per question (empty for a null one).</returns>
    public static async Task<List<Latencies>> TimeAsync(IReadOnlyList<Func<Task>?> questions, int warmup, int timed)
    {
        var latencies = questions.Select(_ => new Latencies()).ToList();
        for (var round = 0; round < warmup + timed; round++)
        {
            for (var i = 0; i < questions.Count; i++)
            {
                if (questions[i] is not { } ask)
                {
                    continue;
                }

                var started = Stopwatch.GetTimestamp();
                await ask().ConfigureAwait(false);
                if (round >= warmup)
                {
                    latencies[i].AddSince(started);
                }
            }
        }

        return latencies;
    }
}
