using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using RasaPlatform.Core.Import;
using RasaPlatform.Core.Storage;
using RasaPlatform.Testing;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Api.Tests;

/// <summary>The same data, with the same flags, gives the same answers on every store.</summary>
public class StoreParityTests
{
    [PostgreSqlFact]
    public async Task ImportingSharedData_GivesIdenticalResponsesOnSqliteAndPostgreSql()
    {
        using var sqlite = new SqliteApiFactory();
        using var postgres = new PostgreSqlApiFactory();
        var clients = new[] { sqlite.CreateClient(), postgres.CreateClient() };
        foreach (var factory in new ApiFactory[] { sqlite, postgres })
        {
            var runner = new ImportRunner(factory.Services.GetRequiredService<IConversationStore>(), factory.Clock);
            var summary = await runner.RunAsync([SharedData.Root], TextWriter.Null, CancellationToken.None);
            Assert.Equal(0, summary.Rejected);
        }

        var senders = SharedDataConversations.All().Select(c => c.SenderId).Distinct().ToList();
        Assert.True(senders.Count >= 15, "the shared data should hold many conversations");
        foreach (var sender in senders)
        {
            await FlagFirstMessageAsync(clients, sender);
            foreach (var path in new[] { "", "/tracker", "/tracker?include_events=APPLIED", "/events", "/messages", "/events?use_history=false" })
            {
                var uri = new Uri($"/api/conversations/{Uri.EscapeDataString(sender)}{path}", UriKind.Relative);
                var answers = await Task.WhenAll(clients.Select(c => c.GetStringAsync(uri)));
                Assert.True(answers[0] == answers[1], $"{uri} differs:\nSQLite:     {answers[0]}\nPostgreSQL: {answers[1]}");
            }
        }

        await TagEveryOtherConversationAsync(clients, senders);
        foreach (var client in clients)
        {
            await ServiceWrites.WaitForMetadataAsync(client);
        }

        foreach (var path in new[]
        {
            "/api/conversations?limit=1000&sort_by_latest_event_time=false",
            "/api/conversations?tags=parity&sort_by_latest_event_time=false",
            "/api/conversationTags?assistantName=default",
            "/api/rawConversations?assistantName=default&limit=1000",
            "/api/rawConversations?assistantName=default&tags=parity&limit=3&offset=1",
            "/api/rawConversations?assistantName=default&fromTime=2019-01-01T00:00:00Z&toTime=2020-01-01T00:00:00Z",
        })
        {
            var uri = new Uri(path, UriKind.Relative);
            var answers = await Task.WhenAll(clients.Select(c => c.GetStringAsync(uri)));
            Assert.True(answers[0] == answers[1], $"{uri} differs:\nSQLite:     {answers[0]}\nPostgreSQL: {answers[1]}");
        }

        // Not vacuous: the export holds every conversation, half of them tagged.
        var export = await ServiceWrites.GetJsonAsync(clients[0], "/api/rawConversations?assistantName=default&limit=1000");
        Assert.Equal(senders.Count, export.GetProperty("count").GetInt64());
        Assert.Equal((senders.Count + 1) / 2, export.GetProperty("conversations").EnumerateArray().Count(c => c.GetProperty("tags").GetArrayLength() == 1));
    }

    /// <summary>Creates the tag <c>parity</c> of the default assistant on every store and puts it on every other conversation.</summary>
    private static async Task TagEveryOtherConversationAsync(HttpClient[] clients, List<string> senders)
    {
        foreach (var client in clients)
        {
            using var created = await client.PostAsJsonAsync(new Uri("/api/conversationTags", UriKind.Relative), new { assistantName = "default", name = "parity" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
            foreach (var sender in senders.Where((_, i) => i % 2 == 0))
            {
                using var tagged = await client.PutAsync(new Uri($"/api/conversations/{Uri.EscapeDataString(sender)}/tags/{id}", UriKind.Relative), content: null);
                Assert.Equal(HttpStatusCode.NoContent, tagged.StatusCode);
            }
        }
    }

    /// <summary>Flags the conversation's first message on every store, by its timestamp as the events spell it.</summary>
    private static async Task FlagFirstMessageAsync(HttpClient[] clients, string sender)
    {
        var path = $"/api/conversations/{Uri.EscapeDataString(sender)}";
        using var messages = JsonDocument.Parse(await clients[0].GetStringAsync(new Uri($"{path}/messages", UriKind.Relative)));
        if (messages.RootElement.GetArrayLength() == 0)
        {
            return;
        }

        var timestamp = messages.RootElement[0].GetProperty("timestamp").GetRawText();
        foreach (var client in clients)
        {
            var response = await client.PutAsync(new Uri($"{path}/messages/{timestamp}", UriKind.Relative), content: null);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }
}
