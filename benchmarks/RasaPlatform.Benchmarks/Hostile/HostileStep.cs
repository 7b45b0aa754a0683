using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;
using RasaPlatform.Benchmarks.Run;
using RasaPlatform.Hostile;

namespace RasaPlatform.Benchmarks.Hostile;

/// <summary>Sends the hostile requests to the running service and adds their table; fails the run on any failure.</summary>
internal sealed class HostileStep(int requests, int seed, long maxBodyBytes) : IMeasurementStep
{
    public string Name => "hostile requests";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var service = context.RequireService();
        var token = service.Client.DefaultRequestHeaders.Authorization?.Parameter ?? throw new InvalidOperationException("The service's client sends no token.");
        using var client = new HttpClient { BaseAddress = new Uri(service.Client.BaseAddress!.GetLeftPart(UriPartial.Authority)), Timeout = TimeSpan.FromSeconds(60) };
        await using var connection = StoreConnection(context);
        var runner = new HostileRunner(client, token, ct => StoreDigest.ComputeAsync(connection, ct));
        var fixture = await runner.SetUpAsync(cancellationToken).ConfigureAwait(false);
        var contract = SpecContract.Parse(await client.GetStringAsync(new Uri("/api/openapi.yaml", UriKind.Relative), cancellationToken).ConfigureAwait(false));
        var cases = HostileCases.Generate(contract, fixture, token, maxBodyBytes, requests, seed);
        context.Progress($"hostile: {cases.Count:N0} requests over {contract.Count} operations");
        var started = Stopwatch.GetTimestamp();
        var progress = new Progress<int>(n =>
        {
            if (n % 2_000 == 0)
            {
                context.Progress($"hostile: {n:N0} sent");
            }
        });
        var report = await runner.RunAsync(cases, progress, cancellationToken).ConfigureAwait(false);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        context.Rows.Add(new ResultRow("hostile requests sent", report.Requests, "requests", Target: "≥ 10,000", Met: report.Requests >= 10_000));
        context.Rows.Add(new ResultRow("answers that are 5xx", report.ByStatus.Where(s => s.Key >= 500).Sum(s => s.Value), "requests", Target: "0", Met: report.ByStatus.All(s => s.Key < 500)));
        context.Rows.Add(new ResultRow("failures (5xx, error not problem+json, store changed by a refused write)", report.Failures.Count, "requests", Target: "0", Met: report.Failures.Count == 0));
        context.AddRaw("hostile.seconds", $"{seconds:F1}");
        context.Sections.Add(report.ToMarkdown());
        if (report.Failures.Count > 0)
        {
            context.Progress($"hostile: {report.Failures.Count} failures:{Environment.NewLine}{report.Describe(100)}");
            throw new InvalidOperationException($"{report.Failures.Count} hostile requests failed their checks.");
        }
    }

    private static DbConnection StoreConnection(BenchContext context) =>
        context.ServiceStoreSetting("--Storage:PostgreSql:ConnectionString=") is { } postgres
            ? new NpgsqlConnection(postgres)
            : new SqliteConnection($"Data Source={context.ServiceStoreSetting("--Storage:Sqlite:Path=")}");
}
