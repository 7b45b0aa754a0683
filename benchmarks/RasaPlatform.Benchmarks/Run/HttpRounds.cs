using System.Diagnostics;

namespace RasaPlatform.Benchmarks.Run;

/// <summary>Times GET requests in rounds that interleave every path, so that a noisy moment hits all of them alike.</summary>
internal static class HttpRounds
{
    /// <summary>
    /// <paramref name="warmup"/> rounds, not counted, then <paramref name="timed"/> rounds of one GET per path (null
    /// paths skipped), each body read whole and each answer required to be a success.
    /// </summary>
    /// <returns>The latencies of the counted rounds, per path (empty for a null path).</returns>
    public static async Task<List<Latencies>> TimeAsync(HttpClient client, IReadOnlyList<string?> paths, int warmup, int timed, CancellationToken cancellationToken)
    {
        var latencies = paths.Select(_ => new Latencies()).ToList();
        for (var round = 0; round < warmup + timed; round++)
        {
            for (var i = 0; i < paths.Count; i++)
            {
                if (paths[i] is not { } path)
                {
                    continue;
                }

                var started = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(path, cancellationToken).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                if (round >= warmup)
                {
                    latencies[i].AddSince(started);
                }
            }
        }

        return latencies;
    }
}
