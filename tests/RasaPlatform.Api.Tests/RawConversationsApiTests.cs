using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RasaPlatform.Testing;
using RasaPlatform.Testing.PostgreSql;
using static RasaPlatform.Api.Tests.ServiceWrites;

namespace RasaPlatform.Api.Tests;

/// <summary>
/// The raw export through HTTP (Rasa Studio's <c>rawConversations</c>): the assistant's conversations with their events
/// as stored and their tags, paging with <c>count</c> and <c>next_offset</c>, ISO-8601 time bounds, tag names, bad
/// parameters, and the real shared data. The selection in depth is the raw conversation store contract's.
/// </summary>
/// <remarks>Tests share the service, so each one uses an assistant of its own.</remarks>
public abstract class RawConversationsApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory, new()
{
    private readonly HttpClient _client = factory.CreateClient();

    [ContractFact]
    public async Task Export_TheAssistantsConversations_OldestFirst_EventsAsSent_WithTags()
    {
        var assistant = Marker();
        var first = $$$"""[{"event":"action","timestamp":1704067200.25,"name":"action_session_start","policy":null,"confidence":1,"metadata":{"assistant_id":"{{{assistant}}}","model_id":"m"}},{"event":"user","timestamp":1704067201.5,"text":"Grüße 😀","parse_data":{"intent":{"name":"greet","confidence":0.98},"entities":[]},"unknown_field":[1.0,2e3]}]""";
        var (a, b) = (Marker(), Marker());
        await PutAsync(_client, a, first);
        await PutAsync(_client, b, Said(assistant, 1704067300));
        await PutAsync(_client, Marker(), Said(Marker(), 1704067300));
        var tag = await TagAsync(b, assistant, "reviewed");
        await WaitForMetadataAsync(_client);

        using var response = await _client.GetAsync(new Uri($"/api/rawConversations?assistantName={assistant}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        JsonAssert.Equal(
            $$"""
            {"conversations":[
              {"id":"{{a}}","conversationEvents":{{first}},"tags":[],"reviewStatus":"unread"},
              {"id":"{{b}}","conversationEvents":{{Said(assistant, 1704067300)}},"tags":[{"id":{{tag}},"name":"reviewed","assistantId":"{{assistant}}"}],"reviewStatus":"unread"}],
             "count":2}
            """,
            text);

        // The events are the bytes stored, as the tracker API gives them back.
        var tracker = await GetJsonAsync(_client, $"/api/conversations/{a}/tracker?include_events=ALL");
        foreach (var stored in tracker.GetProperty("events").EnumerateArray())
        {
            Assert.Contains(stored.GetRawText(), text, StringComparison.Ordinal);
        }
    }

    [ContractFact]
    public async Task Export_Pages_DefaultOf10_CountIgnoresPaging_NextOffsetWhileMoreRemain()
    {
        var assistant = Marker();
        var senders = new List<string>();
        for (var i = 0; i < 13; i++)
        {
            senders.Add($"{assistant}-{i:D2}");
            await PutAsync(_client, senders[^1], Said(assistant, 1000 + i));
        }

        await WaitForMetadataAsync(_client);

        foreach (var (query, expected, next) in new (string, int[], long?)[]
        {
            ("", [.. Enumerable.Range(0, 10)], 10),
            ("&offset=10", [10, 11, 12], null),
            ("&limit=5&offset=5", [5, 6, 7, 8, 9], 10),
            ("&limit=3&offset=10", [10, 11, 12], null),
            ("&limit=1000", [.. Enumerable.Range(0, 13)], null),
            ("&offset=13", [], null),
            ("&offset=50&limit=1", [], null),
        })
        {
            var page = await GetJsonAsync(_client, $"/api/rawConversations?assistantName={assistant}{query}");
            Assert.Equal(expected.Select(i => senders[i]), Ids(page));
            Assert.Equal(13, page.GetProperty("count").GetInt64());
            Assert.Equal(next, page.TryGetProperty("next_offset", out var n) ? n.GetInt64() : null);
        }
    }

    [ContractFact]
    public async Task Export_FromTimeAndToTime_KeepConversationsWithAnEventInTheHalfOpenRange()
    {
        var assistant = Marker();
        const long Jan1 = 1704067200; // 2024-01-01T00:00:00Z
        var conversations = new Dictionary<string, long[]>
        {
            ["december"] = [Jan1 - 3600],
            ["new-year"] = [Jan1],
            ["january"] = [Jan1 + (15 * 86400)],
            ["all-winter"] = [Jan1 - (20 * 86400), Jan1 + (45 * 86400)],
            ["february"] = [Jan1 + (31 * 86400)],
        };
        foreach (var (name, times) in conversations)
        {
            await PutAsync(_client, $"{assistant}-{name}", Events(assistant, times));
        }

        await WaitForMetadataAsync(_client);

        foreach (var (query, expected) in new (string, string[])[]
        {
            ("fromTime=2024-01-01T00:00:00.000Z&toTime=2024-02-01T00:00:00.000Z", ["new-year", "january"]),
            ("fromTime=2024-01-01T00:00:00.001Z", ["january", "all-winter", "february"]),
            ("toTime=2024-01-01T00:00:00Z", ["december", "all-winter"]),
            ("toTime=2024-01-01T00:00:00.001Z", ["december", "new-year", "all-winter"]),
            ("fromTime=2023-12-31T23:00:00Z&toTime=2023-12-31T23:00:00.001Z", ["december"]),
            ("fromTime=2024-02-14T00:00:00%2B01:00", ["all-winter"]),
            ("fromTime=1704067200&toTime=1704067200.5", ["new-year"]),
            ("fromTime=2024-01-10&toTime=2024-01-11", []),
        })
        {
            var page = await GetJsonAsync(_client, $"/api/rawConversations?assistantName={assistant}&{query}");
            Assert.True(
                expected.Select(e => $"{assistant}-{e}").SequenceEqual(Ids(page)),
                $"{query}: got [{string.Join(", ", Ids(page))}]");
            Assert.Equal(expected.Length, page.GetProperty("count").GetInt64());
        }

        // A conversation is exported whole, its events outside the range included.
        var winter = (await GetJsonAsync(_client, $"/api/rawConversations?assistantName={assistant}&fromTime=2024-02-14T00:00:00Z"))
            .GetProperty("conversations")[0].GetProperty("conversationEvents");
        Assert.Equal(2, winter.GetArrayLength());
    }

    [ContractFact]
    public async Task Export_Tags_KeepConversationsCarryingAnyOfTheAssistantsTagsOfThoseNames()
    {
        var (assistant, other) = (Marker(), Marker());
        var (a, b, c) = ($"{assistant}-a", $"{assistant}-b", $"{assistant}-c");
        foreach (var (sender, time) in new[] { (a, 1L), (b, 2L), (c, 3L) })
        {
            await PutAsync(_client, sender, Said(assistant, time));
        }

        await TagAsync(a, assistant, "bug");
        await TagAsync(b, assistant, "praise");
        await TagAsync(c, assistant, "other");
        await CreateTagAsync(other, "other-only");
        await WaitForMetadataAsync(_client);

        Assert.Equal([a], Ids(await GetJsonAsync(_client, $"/api/rawConversations?assistantName={assistant}&tags=bug")));
        Assert.Equal([a, b], Ids(await GetJsonAsync(_client, $"/api/rawConversations?assistantName={assistant}&tags=praise,%20bug,unknown")));
        Assert.Empty(Ids(await GetJsonAsync(_client, $"/api/rawConversations?assistantName={assistant}&tags=other-only")));
        var paged = await GetJsonAsync(_client, $"/api/rawConversations?assistantName={assistant}&tags=bug,praise,other&limit=1&offset=1");
        Assert.Equal([b], Ids(paged));
        Assert.Equal(3, paged.GetProperty("count").GetInt64());
        Assert.Equal(2, paged.GetProperty("next_offset").GetInt64());
    }

    [ContractTheory]
    [InlineData("", "assistantName")]
    [InlineData("assistantName=", "assistantName")]
    [InlineData("assistantName=a&fromTime=yesterday", "fromTime")]
    [InlineData("assistantName=a&toTime=2024-13-01T00:00:00Z", "toTime")]
    [InlineData("assistantName=a&fromTime=2024-02-01T00:00:00Z&toTime=2024-01-01T00:00:00Z", "toTime")]
    [InlineData("assistantName=a&limit=0", "limit")]
    [InlineData("assistantName=a&limit=1001", "limit")]
    [InlineData("assistantName=a&limit=ten", "limit")]
    [InlineData("assistantName=a&offset=-1", "offset")]
    [InlineData("assistantName=a&offset=1.5", "offset")]
    public async Task Export_BadParameter_Is400ProblemNamingIt(string query, string field)
    {
        using var response = await _client.GetAsync(new Uri($"/api/rawConversations?{query}", UriKind.Relative));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, field);
    }

    [ContractFact]
    public async Task Export_TooLongAssistantOrTooManyTags_Is400()
    {
        using var assistant = await _client.GetAsync(new Uri($"/api/rawConversations?assistantName={new string('a', 201)}", UriKind.Relative));
        using var tags = await _client.GetAsync(new Uri($"/api/rawConversations?assistantName=a&tags={string.Join(',', Enumerable.Range(0, 101))}", UriKind.Relative));

        await ProblemAssert.IsAsync(assistant, HttpStatusCode.BadRequest, "assistantName");
        await ProblemAssert.IsAsync(tags, HttpStatusCode.BadRequest, "tags");
    }

    [ContractFact]
    public async Task Export_ALongConversation_IsStreamedWhole()
    {
        var assistant = Marker();
        var sender = Marker();
        foreach (var chunk in Enumerable.Range(0, 3000).Chunk(1000))
        {
            // In chunks under the tests' body limit.
            var events = string.Join(',', chunk.Select(i =>
                $$$"""{"event":"user","timestamp":{{{i}}},"text":"{{{new string('x', 40)}}} {{{i}}}","metadata":{"assistant_id":"{{{assistant}}}"}}"""));
            await PostAsync(_client, sender, $"[{events}]");
        }

        await WaitForMetadataAsync(_client);

        using var response = await _client.GetAsync(new Uri($"/api/rawConversations?assistantName={assistant}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentLength);
        var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var exported = page.GetProperty("conversations")[0].GetProperty("conversationEvents");
        Assert.Equal(3000, exported.GetArrayLength());
        Assert.Equal("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx 2999", exported[2999].GetProperty("text").GetString());
    }

    [ContractFact]
    public async Task SharedData_TheDefaultAssistantsExport_HoldsEveryConversationWithItsEventsAsStored()
    {
        using var own = new TFactory();
        using var client = own.CreateClient();
        var senders = new List<string>();
        foreach (var (_, senderId, events) in SharedDataConversations.All())
        {
            using var put = await client.PutAsync(
                new Uri($"/api/conversations/{Uri.EscapeDataString(senderId)}/tracker", UriKind.Relative),
                new StringContent(events.GetRawText(), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            senders.Remove(senderId);
            senders.Add(senderId);
        }

        await WaitForMetadataAsync(client);
        var listed = await GetJsonAsync(client, "/api/conversations?limit=1000");
        var byAssistant = listed.EnumerateArray().GroupBy(c => c.GetProperty("assistant_id").GetString()!).ToList();
        Assert.Contains(byAssistant, g => g.Key == "default");

        var exported = new List<string>();
        foreach (var group in byAssistant)
        {
            var page = await GetJsonAsync(client, $"/api/rawConversations?assistantName={Uri.EscapeDataString(group.Key)}&limit=1000");
            Assert.Equal(group.Count(), page.GetProperty("count").GetInt64());
            foreach (var conversation in page.GetProperty("conversations").EnumerateArray())
            {
                var id = conversation.GetProperty("id").GetString()!;
                exported.Add(id);
                var tracker = await GetJsonAsync(client, $"/api/conversations/{Uri.EscapeDataString(id)}/tracker?include_events=ALL");
                Assert.Equal(
                    tracker.GetProperty("events").EnumerateArray().Select(e => e.GetRawText()),
                    conversation.GetProperty("conversationEvents").EnumerateArray().Select(e => e.GetRawText()));
            }
        }

        Assert.Equal(senders.Order(StringComparer.Ordinal), exported.Order(StringComparer.Ordinal));
    }

    private static List<string> Ids(JsonElement page) =>
        [.. page.GetProperty("conversations").EnumerateArray().Select(c => c.GetProperty("id").GetString()!)];

    private static string Said(string assistant, long time) => Events(assistant, [time]);

    /// <summary>A user message naming the assistant at the first time, bot messages at the others.</summary>
    private static string Events(string assistant, long[] times) => "[" + string.Join(',', times.Select((t, i) => i == 0
        ? $$$"""{"event":"user","timestamp":{{{t}}},"text":"hi","metadata":{"assistant_id":"{{{assistant}}}"}}"""
        : $$"""{"event":"bot","timestamp":{{t}},"text":"hello"}""")) + "]";

    private async Task<long> CreateTagAsync(string assistant, string name)
    {
        using var created = await _client.PostAsJsonAsync(new Uri("/api/conversationTags", UriKind.Relative), new { assistantName = assistant, name });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
    }

    private async Task<long> TagAsync(string sender, string assistant, string name)
    {
        var id = await CreateTagAsync(assistant, name);
        using var tagged = await _client.PutAsync(new Uri($"/api/conversations/{sender}/tags/{id}", UriKind.Relative), content: null);
        Assert.Equal(HttpStatusCode.NoContent, tagged.StatusCode);
        return id;
    }
}

public sealed class SqliteRawConversationsApiTests(SqliteApiFactory factory) : RawConversationsApiTests<SqliteApiFactory>(factory);

[RequiresPostgreSql]
public sealed class PostgreSqlRawConversationsApiTests(PostgreSqlApiFactory factory) : RawConversationsApiTests<PostgreSqlApiFactory>(factory);
