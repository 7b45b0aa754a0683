using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using RasaPlatform.Core.Import;
using RasaPlatform.Core.Storage;
using RasaPlatform.Testing;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Api.Tests;

/// <summary>The same data gives the same answers on every store.</summary>
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
            foreach (var path in new[] { "", "/tracker", "/tracker?include_events=APPLIED", "/events", "/messages", "/events?use_history=false" })
            {
                var uri = new Uri($"/api/conversations/{Uri.EscapeDataString(sender)}{path}", UriKind.Relative);
                var answers = await Task.WhenAll(clients.Select(c => c.GetStringAsync(uri)));
                Assert.True(answers[0] == answers[1], $"{uri} differs:\nSQLite:     {answers[0]}\nPostgreSQL: {answers[1]}");
            }
        }
    }
}
