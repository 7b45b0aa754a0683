using System.Net;
using System.Text;
using System.Text.Json;
using RasaPlatform.Testing.PostgreSql;
using static RasaPlatform.Api.Tests.ServiceWrites;

namespace RasaPlatform.Api.Tests;

/// <summary>
/// Deletion through HTTP: 204 and 404 for one conversation, counts for a list, problems for bad bodies, and a deleted
/// conversation gone from every read. Which rows go, and that counts stay exact, is the storage contract's.
/// </summary>
/// <remarks>Tests share the service, so each one uses conversations and a time span of its own.</remarks>
public abstract class DeletionApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory, new()
{
    private readonly HttpClient _client = factory.CreateClient();

    [ContractFact]
    public async Task Delete_StoredThenAgain_Is204Then404()
    {
        var sender = Marker();
        await PutAsync(_client, sender, """[{"event":"user","timestamp":1,"text":"hi"}]""");

        using var first = await _client.DeleteAsync(new Uri($"/api/conversations/{sender}", UriKind.Relative));
        using var second = await _client.DeleteAsync(new Uri($"/api/conversations/{sender}", UriKind.Relative));
        using var tracker = await _client.GetAsync(new Uri($"/api/conversations/{sender}/tracker", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Empty(await first.Content.ReadAsByteArrayAsync());
        await ProblemAssert.IsAsync(second, HttpStatusCode.NotFound, null);
        await ProblemAssert.IsAsync(tracker, HttpStatusCode.NotFound, null);
    }

    [ContractFact]
    public async Task DeleteList_UnknownAndRepeatedIds_CountsOnlyWhatWasStored()
    {
        var (a, b) = (Marker(), Marker());
        await PutAsync(_client, a, """[{"event":"user","timestamp":1,"text":"hi"}]""");
        await PutAsync(_client, b, """[{"event":"user","timestamp":2,"text":"hi"}]""");

        Assert.Equal(0, await DeleteListAsync("""{"conversation_ids":[]}"""));
        Assert.Equal(2, await DeleteListAsync($$"""{"conversation_ids":["{{a}}","{{Marker()}}","{{b}}","{{a}}"]}"""));
        Assert.Equal(0, await DeleteListAsync($$"""{"conversation_ids":["{{a}}","{{b}}"]}"""));
    }

    [ContractTheory]
    [InlineData("""{"conversation_ids":["a",5]}""", "$.conversation_ids[1]")]
    [InlineData("""{"conversation_ids":["a",null]}""", "conversation_ids[1]")]
    [InlineData("""{"conversation_ids":["a",""]}""", "conversation_ids[1]")]
    [InlineData("""{"conversation_ids":"a"}""", "$.conversation_ids")]
    [InlineData("""{"conversation_ids":null}""", "conversation_ids")]
    [InlineData("""{}""", "conversation_ids")]
    [InlineData("""{"conversation_ids":[""", null)]
    [InlineData("""[]""", null)]
    public async Task DeleteList_MalformedBody_Is400NamingTheField(string body, string? field)
    {
        using var response = await PostListAsync(body);

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, field);
    }

    [ContractFact]
    public async Task DeleteList_MoreThanAThousandIds_Is400AndDeletesNothing()
    {
        var sender = Marker();
        await PutAsync(_client, sender, """[{"event":"user","timestamp":1,"text":"hi"}]""");
        var ids = Enumerable.Range(0, 1000).Select(i => $"x{i}").Append(sender);

        using var response = await PostListAsync(JsonSerializer.Serialize(new { conversation_ids = ids }));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "conversation_ids");
        using var tracker = await _client.GetAsync(new Uri($"/api/conversations/{sender}/tracker", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, tracker.StatusCode);
    }

    [ContractFact]
    public async Task Delete_ProjectedConversation_LeavesListingStatisticsAndAnalyticsAsIfItNeverWas()
    {
        var m = Marker();
        var t = 1_900_000_000L + (Random.Shared.Next(1_000_000) * 1000L);
        var (kept, gone) = ($"{m}-kept", $"{m}-gone");
        await PutAsync(_client, kept, Conversation(m, t, "web"));
        await WaitForMetadataAsync(_client);
        var reads = new[]
        {
            $"/api/statistics?start={t}&until={t + 500}",
            $"/api/analytics?start={t}&end={t + 3600}&window=15m",
            $"/api/conversations?intent={m}",
            "/api/conversationInputChannels",
        };
        var never = await ReadAllAsync(reads);
        await PutAsync(_client, gone, Conversation(m, t + 100, $"channel-{m}"));
        await PostAsync(_client, gone, $$"""[{"event":"bot","timestamp":{{t + 110}},"text":"more"}]""");
        using (var flag = await _client.PutAsync(new Uri($"/api/conversations/{gone}/messages/{t + 100}", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.Created, flag.StatusCode);
        }

        await WaitForMetadataAsync(_client);
        Assert.NotEqual(never, await ReadAllAsync(reads));

        using var deleted = await _client.DeleteAsync(new Uri($"/api/conversations/{gone}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await WaitForMetadataAsync(_client);

        Assert.Equal(never, await ReadAllAsync(reads));
        using var tracker = await _client.GetAsync(new Uri($"/api/conversations/{gone}/tracker", UriKind.Relative));
        await ProblemAssert.IsAsync(tracker, HttpStatusCode.NotFound, null);

        // Written again, it is a new conversation with only its new events.
        await PostAsync(_client, gone, $$$$"""[{"event":"user","timestamp":{{{{t + 200}}}},"text":"again","parse_data":{"intent":{"name":"{{{{m}}}}"}}}]""");
        var events = await GetJsonAsync(_client, $"/api/conversations/{gone}/tracker?include_events=ALL");
        Assert.Equal(["again"], events.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("text").GetString()));
        await WaitForMetadataAsync(_client);
        var listed = await GetJsonAsync(_client, $"/api/conversations?intent={m}");
        Assert.Equal([gone, kept], listed.EnumerateArray().Select(e => e.GetProperty("sender_id").GetString()));
    }

    private static string Conversation(string intent, long t, string channel) => $$$"""
        [{"event":"user","timestamp":{{{t}}},"text":"hello","input_channel":"{{{channel}}}","parse_data":{"intent":{"name":"{{{intent}}}","confidence":0.9},"entities":[{"entity":"e{{{intent}}}"}]}},
         {"event":"action","timestamp":{{{t + 1}}},"name":"utter_{{{intent}}}","policy":"policy_0_RulePolicy","confidence":1.0},
         {"event":"bot","timestamp":{{{t + 2}}},"text":"hi"}]
        """;

    private async Task<List<string>> ReadAllAsync(IEnumerable<string> paths)
    {
        var bodies = new List<string>();
        foreach (var path in paths)
        {
            bodies.Add((await GetJsonAsync(_client, path)).GetRawText());
        }

        return bodies;
    }

    private async Task<int> DeleteListAsync(string body)
    {
        using var response = await PostListAsync(body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("deleted").GetInt32();
    }

    private Task<HttpResponseMessage> PostListAsync(string body) =>
        _client.PostAsync(new Uri("/api/conversations/delete", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
}

public sealed class SqliteDeletionApiTests(SqliteApiFactory factory) : DeletionApiTests<SqliteApiFactory>(factory);

[RequiresPostgreSql]
public sealed class PostgreSqlDeletionApiTests(PostgreSqlApiFactory factory) : DeletionApiTests<PostgreSqlApiFactory>(factory);
