using System.Globalization;
using System.Net.Http.Headers;
using RasaPlatform.Benchmarks.Run;

namespace RasaPlatform.Benchmarks.Latency;

/// <summary>
/// Times listings against a running service, each query string given: p50, p95 and p99 over interleaved rounds,
/// with the total each answers. For a store built once and kept (a size L store takes most of an hour to build), so
/// that new filters can be measured without running the whole <c>run</c> benchmark again.
/// </summary>
internal static class ListingLatencyCommand
{
    public const string Usage =
        "listing-latency --url http://localhost:5080 --token TOKEN --queries FILE|- [--warmup 10] [--requests 100] [--target-ms 30]";

    /// <summary>The verb's options; <see cref="Url"/>, <see cref="Token"/> and <see cref="Queries"/> are required.</summary>
    private sealed record Options(string Url = "", string Token = "", string Queries = "", int Warmup = 10, int Requests = 100, double TargetMs = 30);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        if (!OptionReader.TryRead(args, new Options(), (_, _) => null, Pair, out var options, out var problem)
            || options.Url.Length == 0 || options.Token.Length == 0 || options.Queries.Length == 0)
        {
            error.WriteLine((problem.Length > 0 ? problem + " " : "") + "usage: RasaPlatform.Benchmarks " + Usage);
            return 2;
        }

        var (url, token, file, warmup, requests, target) = options;
        // One query string per line; blank lines and lines starting with # are skipped.
        var queries = (file == "-" ? await Console.In.ReadToEndAsync().ConfigureAwait(false) : await File.ReadAllTextAsync(file).ConfigureAwait(false))
            .Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith('#'))
            .ToList();

        using var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var totals = new List<string>();
        foreach (var query in queries)
        {
            using var response = await client.GetAsync(new Uri($"/api/conversations?{query}", UriKind.Relative)).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                error.WriteLine($"{query}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}");
                return 1;
            }

            totals.Add(response.Headers.TryGetValues("X-Total-Count", out var values) ? values.Single() : "?");
        }

        var latencies = await HttpRounds.TimeAsync(client, [.. queries.Select(q => (string?)$"/api/conversations?{q}")], warmup, requests, CancellationToken.None)
            .ConfigureAwait(false);
        output.WriteLine($"| listing | total | p50 ms | p95 ms | p99 ms | p95 ≤ {target.ToString(CultureInfo.InvariantCulture)} ms |");
        output.WriteLine("|---|---:|---:|---:|---:|---|");
        for (var i = 0; i < queries.Count; i++)
        {
            var l = latencies[i];
            var total = long.TryParse(totals[i], CultureInfo.InvariantCulture, out var n) ? n.ToString("N0", CultureInfo.InvariantCulture) : totals[i];
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| `{queries[i]}` | {total} | {l.Percentile(50):F1} | {l.Percentile(95):F1} | {l.Percentile(99):F1} | {(l.Percentile(95) <= target ? "yes" : "**no**")} |"));
        }

        return 0;
    }

    private static Options? Pair(Options o, string name, string value) => name switch
    {
        "--url" => o with { Url = value },
        "--token" => o with { Token = value },
        "--queries" => o with { Queries = value },
        "--warmup" when int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n >= 0 => o with { Warmup = n },
        "--requests" when int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n >= 1 => o with { Requests = n },
        "--target-ms" when double.TryParse(value, CultureInfo.InvariantCulture, out var ms) && ms > 0 => o with { TargetMs = ms },
        _ => null,
    };
}
