using System.Net;
using System.Text;
using RasaPlatform.Core.Access;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Api.Tests;

/// <summary>
/// The Prometheus scrape endpoint: behind a token that may read, and holding the series an operator needs: HTTP
/// requests by route, events ingested, the metadata backlog, lag, rate and failures, the listing index, the runtime.
/// </summary>
public abstract class MetricsApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private static readonly string[] Series =
    [
        "http_server_request_duration_seconds_bucket{",
        "rasa_events_ingested_total",
        "rasa_events_skipped_total",
        "rasa_metadata_folded_total",
        "rasa_metadata_pending",
        "rasa_metadata_failed",
        "rasa_metadata_lag_seconds",
        "rasa_metadata_rate",
        "rasa_metadata_maintenance_deferred",
        "rasa_listing_index_conversations",
        "rasa_listing_index_age_seconds",
        "dotnet_gc_collections_total",
    ];

    protected TFactory Factory => factory;

    [ContractFact]
    public async Task Scrape_AfterAWriteIsFolded_HoldsEverySeries_WithTheRouteOfTheRequest()
    {
        using var client = factory.CreateClient();
        using var write = await client.PostAsync(
            new Uri("/api/conversations/metrics-sender/tracker/events", UriKind.Relative),
            new StringContent("""[{"event":"user","timestamp":10,"text":"hi"}]""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, write.StatusCode);
        await WaitUntilFoldedAsync(client);

        using var reader = factory.CreateClient(ApiRole.View);
        var text = await ScrapeUntilAsync(reader, t => Series.All(s => t.Contains(s, StringComparison.Ordinal)));

        foreach (var series in Series)
        {
            Assert.Contains(series, text, StringComparison.Ordinal);
        }

        Assert.Contains("http_route=\"api/conversations/{sender_id}/tracker/events\"", text, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^rasa_events_ingested_total(\{[^}]*\})? [1-9]", text);
    }

    [ContractTheory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData(ApiRole.Ingest, HttpStatusCode.Forbidden)]
    public async Task Scrape_WithoutATokenThatMayRead_IsRefused(ApiRole? role, HttpStatusCode status)
    {
        using var client = role is { } r ? factory.CreateClient(r) : factory.CreateClientWith(null);

        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));

        await ProblemAssert.IsAsync(response, status, field: null);
    }

    private static async Task WaitUntilFoldedAsync(HttpClient client)
    {
        for (var i = 0; i < 200; i++)
        {
            var status = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/admin/metadata", UriKind.Relative))).RootElement;
            if (status.GetProperty("pending").GetInt64() == 0)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("the metadata job did not fold the write");
    }

    /// <summary>Scrapes until <paramref name="complete"/> holds (the gauges' first sample, the exporter's cache) or ten seconds pass.</summary>
    private static async Task<string> ScrapeUntilAsync(HttpClient client, Func<string, bool> complete)
    {
        var text = string.Empty;
        for (var i = 0; i < 50; i++)
        {
            using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            text = await response.Content.ReadAsStringAsync();
            if (complete(text))
            {
                break;
            }

            await Task.Delay(200);
        }

        return text;
    }
}

public sealed class SqliteMetricsApiTests(SqliteApiFactory factory) : MetricsApiTests<SqliteApiFactory>(factory)
{
    [Fact]
    public async Task Scrape_OnSqlite_HoldsTheMemorySqliteHolds_UnderItsPeak()
    {
        using var client = Factory.CreateClient(ApiRole.View);
        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        var used = Gauge(text, "rasa_sqlite_memory_used_bytes");
        var peak = Gauge(text, "rasa_sqlite_memory_peak_bytes");
        Assert.InRange(used, 1, peak);
    }

    private static long Gauge(string text, string name)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text, $@"(?m)^{name}(\{{[^}}]*\}})? (\d+)");
        Assert.True(match.Success, $"no {name} in the scrape");
        return long.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}

[RequiresPostgreSql]
public sealed class PostgreSqlMetricsApiTests(PostgreSqlApiFactory factory) : MetricsApiTests<PostgreSqlApiFactory>(factory);
