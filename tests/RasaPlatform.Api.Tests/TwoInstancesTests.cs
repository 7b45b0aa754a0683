using System.Net;
using System.Text;
using System.Text.Json;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Api.Tests;

/// <summary>Two service instances on one PostgreSQL database, as a team deploys them.</summary>
public class TwoInstancesTests
{
    [PostgreSqlFact]
    public async Task TwoInstances_StartTogether_AndConcurrentRetriedAppendsStoreEachEventOnce()
    {
        var schema = "test_api_two_" + Guid.NewGuid().ToString("N")[..8];
        using var first = new PostgreSqlApiFactory(schema, ownsSchema: true);
        using var second = new PostgreSqlApiFactory(schema, ownsSchema: false);
        var clients = await Task.WhenAll(Task.Run(first.CreateClient), Task.Run(second.CreateClient)); // both migrate at once

        const int conversations = 6, batches = 5, batchSize = 10;
        var senders = Enumerable.Range(0, conversations).Select(i => $"two-{i}").ToList();
        string Batch(int b) => "[" + string.Join(",", Enumerable.Range(0, batchSize).Select(i =>
            $$"""{"event":"action","name":"a{{b}}_{{i}}","timestamp":{{1000 + (b * batchSize) + i}}.25}""")) + "]";

        // Eight writers, four per instance, each sending every batch to every conversation: seven of eight are retries.
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var client = clients[w % 2];
            var order = Enumerable.Range(0, batches).OrderBy(b => (b * 7 + w) % batches).ToList();
            foreach (var sender in senders)
            {
                foreach (var b in order)
                {
                    var response = await client.PostAsync(
                        new Uri($"/api/conversations/{sender}/tracker/events", UriKind.Relative),
                        new StringContent(Batch(b), Encoding.UTF8, "application/json"));
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                }
            }
        })).ToArray();
        await Task.WhenAll(writers);

        foreach (var sender in senders)
        {
            var uri = new Uri($"/api/conversations/{sender}/events", UriKind.Relative);
            var answers = await Task.WhenAll(clients.Select(c => c.GetStringAsync(uri)));
            Assert.Equal(answers[0], answers[1]);
            var names = JsonDocument.Parse(answers[0]).RootElement.EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToList();
            Assert.Equal(batches * batchSize, names.Count);
            Assert.Equal(batches * batchSize, names.Distinct().Count());
        }
    }

    [PostgreSqlFact]
    public async Task TwoInstances_OneStuckMidProjection_TheOtherListsNewWritesAndTakesOverWhenItStops()
    {
        var schema = "test_api_stuck_" + Guid.NewGuid().ToString("N")[..8];
        var stuck = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = new PostgreSqlApiFactory(schema, ownsSchema: false)
        {
            // The first instance's projection hangs in its first read of events, holding its claim, until it stops.
            TestServices = services => services.InterceptJobReads(async (_, cancellationToken) =>
            {
                stuck.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }),
        };
        try
        {
            using var firstClient = first.CreateClient();
            await PostAsync(firstClient, "held", "held_intent");
            await stuck.Task.WaitAsync(TimeSpan.FromSeconds(30));

            using var second = new PostgreSqlApiFactory(schema, ownsSchema: false);
            using var secondClient = second.CreateClient();
            await PostAsync(secondClient, "fresh", "fresh_intent");
            await WaitUntilListedAsync(secondClient, "fresh_intent", TimeSpan.FromSeconds(5));
            Assert.Equal(0, await CountAsync(secondClient, "held_intent"));

            // A stopping instance gives its claims back: the other lists what it held at once.
            first.Dispose();
            await WaitUntilListedAsync(secondClient, "held_intent", TimeSpan.FromSeconds(5));
        }
        finally
        {
            first.Dispose();
            Npgsql.NpgsqlConnection.ClearAllPools();
            await PostgreSqlServer.DropSchemaAsync(schema);
        }
    }

    private static async Task PostAsync(HttpClient client, string sender, string intent)
    {
        using var response = await client.PostAsync(
            new Uri($"/api/conversations/{sender}/tracker/events", UriKind.Relative),
            new StringContent(
                """[{"event":"user","timestamp":10,"text":"hi","parse_data":{"intent":{"name":""" + JsonSerializer.Serialize(intent) + "}}}]",
                Encoding.UTF8,
                "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<int> CountAsync(HttpClient client, string intent)
    {
        var listing = JsonDocument.Parse(await client.GetStringAsync(new Uri($"/api/conversations?intent={intent}", UriKind.Relative))).RootElement;
        return listing.ValueKind == JsonValueKind.Array ? listing.GetArrayLength() : listing.GetProperty("conversations").GetArrayLength();
    }

    private static async Task WaitUntilListedAsync(HttpClient client, string intent, TimeSpan within)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (await CountAsync(client, intent) == 0)
        {
            Assert.True(watch.Elapsed < within, $"{intent} was not listed within {within.TotalSeconds} s");
            await Task.Delay(20);
        }
    }
}
