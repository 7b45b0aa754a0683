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

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["--warmup"] = "10",
            ["--requests"] = "100",
            ["--target-ms"] = "30",
        };
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            options[args[i]] = args[i + 1];
        }

        if (args.Count % 2 != 0 || !options.TryGetValue("--url", out var url) || !options.TryGetValue("--token", out var token)
            || !options.TryGetValue("--queries", out var file)
            || !int.TryParse(options["--warmup"], CultureInfo.InvariantCulture, out var warmup) || warmup < 0
            || !int.TryParse(options["--requests"], CultureInfo.InvariantCulture, out var requests) || requests < 1
            || !double.TryParse(options["--target-ms"], CultureInfo.InvariantCulture, out var target))
        {
            error.WriteLine("usage: RasaPlatform.Benchmarks " + Usage);
            return 2;
        }

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
}
