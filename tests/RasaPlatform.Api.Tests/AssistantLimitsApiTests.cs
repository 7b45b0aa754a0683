using System.Net;
using System.Text;
using System.Text.Json;
using RasaPlatform.Core.Access;
using RasaPlatform.Testing.PostgreSql;
using static RasaPlatform.Api.Tests.ServiceWrites;

namespace RasaPlatform.Api.Tests;

/// <summary>
/// Tokens limited to assistants: another assistant's conversation does not exist for them, whatever they try (read,
/// flag, delete, write, list, count), and maintenance refuses them.
/// </summary>
/// <remarks>Tests share the service, so each one uses assistants and conversations of its own.</remarks>
public abstract class AssistantLimitsApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private static readonly string[] Reads = ["", "/tracker", "/events", "/messages", "/debug-dump.json", "/debug-dump.md"];

    private readonly HttpClient _manage = factory.CreateClient();

    [ContractFact]
    public async Task Reads_AnotherAssistantsConversation_AnswerWordForWordAsAnUnknownOne()
    {
        var (a, b) = Assistants();
        var (mine, theirs, unknown) = (Marker(), Marker(), Marker());
        await PutAsync(_manage, mine, Conversation(a));
        await PutAsync(_manage, theirs, Conversation(b));
        using var limited = factory.CreateClient(ApiRole.View, a);

        foreach (var read in Reads)
        {
            using var own = await limited.GetAsync(Path(mine, read));
            Assert.True(own.StatusCode == HttpStatusCode.OK, $"{read}: {(int)own.StatusCode}");
            Assert.Equal(
                await NotFoundAsync(limited, unknown, read, unknown),
                await NotFoundAsync(limited, theirs, read, unknown));
        }
    }

    [ContractFact]
    public async Task Reads_BeforeAndAfterTheMetadataJob_HideTheOtherAssistantAlike()
    {
        var (a, b) = Assistants();
        var (mine, theirs) = (Marker(), Marker());
        using var limited = factory.CreateClient(ApiRole.View, a);

        await PutAsync(_manage, theirs, Conversation(b));
        await PutAsync(_manage, mine, Conversation(a));
        await AssertReadAsync(limited, theirs, HttpStatusCode.NotFound);
        await AssertReadAsync(limited, mine, HttpStatusCode.OK);

        await WaitForMetadataAsync(_manage);
        await AssertReadAsync(limited, theirs, HttpStatusCode.NotFound);
        await AssertReadAsync(limited, mine, HttpStatusCode.OK);
    }

    [ContractFact]
    public async Task Reads_ConversationWrittenToByAnotherAssistant_IsHiddenAtOnce()
    {
        var (a, b) = Assistants();
        var sender = Marker();
        await PutAsync(_manage, sender, Conversation(a));
        await WaitForMetadataAsync(_manage);
        using var limited = factory.CreateClient(ApiRole.View, a);
        await AssertReadAsync(limited, sender, HttpStatusCode.OK);

        await PostAsync(_manage, sender, Event(b, 50));

        await AssertReadAsync(limited, sender, HttpStatusCode.NotFound);
        using var both = factory.CreateClient(ApiRole.View, a, b);
        await AssertReadAsync(both, sender, HttpStatusCode.OK);
    }

    [ContractFact]
    public async Task FlagUnflagAndDelete_AnotherAssistantsConversation_Are404AndChangeNothing()
    {
        var (a, b) = Assistants();
        var (theirs, unknown) = (Marker(), Marker());
        await PutAsync(_manage, theirs, Conversation(b));
        using (var flag = await _manage.PutAsync(Path(theirs, "/messages/2"), null))
        {
            Assert.Equal(HttpStatusCode.Created, flag.StatusCode);
        }

        using var limited = factory.CreateClient(ApiRole.Manage, a);
        foreach (var (method, path) in new[] { ("PUT", "/messages/1"), ("DELETE", "/messages/2"), ("DELETE", "") })
        {
            using var hidden = await limited.SendAsync(new HttpRequestMessage(new HttpMethod(method), Path(theirs, path)));
            using var none = await limited.SendAsync(new HttpRequestMessage(new HttpMethod(method), Path(unknown, path)));
            Assert.Equal(await ProblemTextAsync(none, unknown), await ProblemTextAsync(hidden, theirs, unknown));
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }

        var messages = await GetJsonAsync(_manage, $"/api/conversations/{theirs}/messages");
        Assert.Equal([false, true], messages.EnumerateArray().Select(m => m.GetProperty("is_flagged").GetBoolean()));
    }

    [ContractFact]
    public async Task DeleteList_CountsAndDeletesOnlyTheTokensAssistants()
    {
        var (a, b) = Assistants();
        var (mine, theirs) = (Marker(), Marker());
        await PutAsync(_manage, mine, Conversation(a));
        await PutAsync(_manage, theirs, Conversation(b));
        using var limited = factory.CreateClient(ApiRole.Manage, a);

        using var response = await limited.PostAsync(
            new Uri("/api/conversations/delete", UriKind.Relative),
            new StringContent($$"""{"conversation_ids":["{{theirs}}","{{mine}}","{{Marker()}}","{{theirs}}"]}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("deleted").GetInt32());
        await AssertReadAsync(_manage, theirs, HttpStatusCode.OK);
        await AssertReadAsync(_manage, mine, HttpStatusCode.NotFound);
    }

    [ContractFact]
    public async Task Writes_ToAnotherAssistantsConversation_Are404AsAnUnknownReadAndChangeNothing()
    {
        var (a, b) = Assistants();
        var (theirs, unknown) = (Marker(), Marker());
        await PutAsync(_manage, theirs, Conversation(b));
        var before = (await GetJsonAsync(_manage, $"/api/conversations/{theirs}/events")).GetRawText();
        using var limited = factory.CreateClient(ApiRole.Ingest, a);
        var unknownRead = await NotFoundAsync(limited, unknown, "/tracker", unknown);

        using var put = await limited.PutAsync(Path(theirs, "/tracker"), Json($"[{Event(a, 70)}]"));
        using var post = await limited.PostAsync(Path(theirs, "/tracker/events"), Json(Event(a, 71)));

        // Word for word the unknown id's 404: a detail saying why would tell the token that the conversation exists.
        await ProblemAssert.IsAsync(put, HttpStatusCode.NotFound, null);
        await ProblemAssert.IsAsync(post, HttpStatusCode.NotFound, null);
        Assert.Equal(unknownRead, await ProblemTextAsync(put, theirs, unknown));
        Assert.Equal(unknownRead, await ProblemTextAsync(post, theirs, unknown));
        Assert.Equal(before, (await GetJsonAsync(_manage, $"/api/conversations/{theirs}/events")).GetRawText());
    }

    [ContractFact]
    public async Task Writes_NamingAnotherAssistant_Are403AndStoreNothing()
    {
        var (a, b) = Assistants();
        var (mine, fresh) = (Marker(), Marker());
        await PutAsync(_manage, mine, Conversation(a));
        var before = (await GetJsonAsync(_manage, $"/api/conversations/{mine}/events")).GetRawText();
        using var limited = factory.CreateClient(ApiRole.Ingest, a);

        var attempts = new[]
        {
            await limited.PostAsync(Path(mine, "/tracker/events"), Json(Event(b, 80))),
            await limited.PostAsync(Path(mine, "/tracker/events"), Json($"[{Event(a, 81)},{Event(b, 82)}]")),
            await limited.PutAsync(Path(mine, "/tracker"), Json($"[{Event(b, 83)},{Event(a, 84)}]")),
            await limited.PostAsync(Path(fresh, "/tracker/events"), Json(Event(b, 85))),
            await limited.PutAsync(Path(fresh, "/tracker"), Json($"[{Event(b, 86)}]")),
        };

        foreach (var attempt in attempts)
        {
            await ProblemAssert.IsAsync(attempt, HttpStatusCode.Forbidden, null);
            Assert.Contains($"'{b}'", JsonDocument.Parse(await attempt.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
            attempt.Dispose();
        }

        Assert.Equal(before, (await GetJsonAsync(_manage, $"/api/conversations/{mine}/events")).GetRawText());
        await AssertReadAsync(_manage, fresh, HttpStatusCode.NotFound);
    }

    [ContractFact]
    public async Task Writes_NamingNoAssistant_KeepTheConversationsAssistantOrFallToTheDefault()
    {
        var (a, _) = Assistants();
        var (mine, fresh) = (Marker(), Marker());
        await PutAsync(_manage, mine, Conversation(a));
        using var limited = factory.CreateClient(ApiRole.Ingest, a);
        using var withDefault = factory.CreateClient(ApiRole.Ingest, a, "default");

        await PostAsync(limited, mine, """{"event":"bot","timestamp":90,"text":"no assistant named"}""");
        using var refused = await limited.PostAsync(Path(fresh, "/tracker/events"), Json("""{"event":"user","timestamp":91,"text":"hi"}"""));
        using var replaced = await limited.PutAsync(Path(mine, "/tracker"), Json("""[{"event":"user","timestamp":92,"text":"hi"}]"""));

        await ProblemAssert.IsAsync(refused, HttpStatusCode.Forbidden, null);
        await ProblemAssert.IsAsync(replaced, HttpStatusCode.Forbidden, null);
        await AssertReadAsync(_manage, fresh, HttpStatusCode.NotFound);
        await PostAsync(withDefault, fresh, """{"event":"user","timestamp":93,"text":"hi"}""");
        using var defaultView = factory.CreateClient(ApiRole.View, "default");
        await AssertReadAsync(defaultView, fresh, HttpStatusCode.OK);
    }

    [ContractFact]
    public async Task ListingDistinctListsAndAssistants_LimitedToken_SeeOnlyItsAssistants()
    {
        var (a, b) = Assistants();
        var intent = Marker();
        var (mine, theirs) = (Marker(), Marker());
        await PutAsync(_manage, mine, $"[{Intent(a, intent, 1, $"{intent}-a")}]");
        await PutAsync(_manage, theirs, $"[{Intent(b, intent, 2, $"{intent}-b")}]");
        await WaitForMetadataAsync(_manage);
        using var limited = factory.CreateClient(ApiRole.View, a);

        using var listing = await limited.GetAsync(new Uri($"/api/conversations?intent={intent}", UriKind.Relative));
        var listed = JsonDocument.Parse(await listing.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal([mine], listed.EnumerateArray().Select(c => c.GetProperty("sender_id").GetString()));
        Assert.Equal("1", Assert.Single(listing.Headers.GetValues("X-Total-Count")));
        Assert.Equal(
            (await GetJsonAsync(_manage, $"/api/conversations?intent={intent}&assistant={a}")).GetRawText(),
            listed.GetRawText());
        Assert.Equal(0, (await GetJsonAsync(limited, $"/api/conversations?intent={intent}&assistant={b}")).GetArrayLength());
        Assert.Equal(2, (await GetJsonAsync(_manage, $"/api/conversations?intent={intent}")).GetArrayLength());

        var channels = (await GetJsonAsync(limited, "/api/conversationInputChannels")).EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Contains($"{intent}-a", channels);
        Assert.DoesNotContain($"{intent}-b", channels);
        Assert.Empty((await GetJsonAsync(limited, $"/api/conversationInputChannels?assistant={b}")).EnumerateArray());
        var assistants = await GetJsonAsync(limited, "/api/assistants");
        Assert.Equal([(a, 1)], assistants.EnumerateArray().Select(x => (x.GetProperty("name").GetString(), x.GetProperty("conversations").GetInt32())));
    }

    [ContractFact]
    public async Task StatisticsAndAnalytics_LimitedToken_CountOnlyItsAssistants()
    {
        var (a, b) = Assistants();
        var t = 2_000_000_000L + (Random.Shared.Next(1_000_000) * 1000L);
        await PutAsync(_manage, Marker(), $"[{Event(a, t, "user")},{Event(a, t + 1, "bot")}]");
        await PutAsync(_manage, Marker(), $"[{Event(b, t + 2, "user")},{Event(b, t + 3, "user")},{Event(b, t + 4, "bot")}]");
        await WaitForMetadataAsync(_manage);
        using var limited = factory.CreateClient(ApiRole.View, a);
        var statistics = $"/api/statistics?start={t}&until={t + 500}";
        var analytics = $"/api/analytics?start={t}&end={t + 3600}&window=15m";

        foreach (var path in new[] { statistics, analytics })
        {
            var own = (await GetJsonAsync(limited, path)).GetRawText();
            Assert.Equal((await GetJsonAsync(_manage, $"{path}&assistant={a}")).GetRawText(), own);
            Assert.Equal(own, (await GetJsonAsync(limited, $"{path}&assistant={a}")).GetRawText());
            Assert.NotEqual((await GetJsonAsync(_manage, path)).GetRawText(), own);
            Assert.Equal(own, (await GetJsonAsync(limited, $"{path}&assistant={a},{b}")).GetRawText());
            Assert.Equal(
                (await GetJsonAsync(_manage, $"{path}&assistant={Marker()}")).GetRawText(),
                (await GetJsonAsync(limited, $"{path}&assistant={b}")).GetRawText());
        }

        Assert.Equal(1, (await GetJsonAsync(limited, statistics)).GetProperty("user_messages").GetInt32());
        var range = await GetJsonAsync(limited, "/api/analytics");
        Assert.Equal(t, range.GetProperty("bin_starts")[0].GetDouble());
        Assert.Equal(1, range.GetProperty("user_messages").EnumerateArray().Sum(m => m.GetInt32()));
    }

    [ContractFact]
    public async Task Tags_OfAnotherAssistant_DoNotExistForALimitedToken()
    {
        var (a, b) = Assistants();
        var (mine, theirs, unknown) = (Marker(), Marker(), Marker());
        await PutAsync(_manage, mine, Conversation(a));
        await PutAsync(_manage, theirs, Conversation(b));
        var ownTag = await CreateTagAsync(_manage, a, "own");
        var otherTag = await CreateTagAsync(_manage, b, "other");
        using (var tagged = await SendAsync(_manage, "PUT", $"/api/conversations/{theirs}/tags/{otherTag}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, tagged.StatusCode);
        }

        using var limited = factory.CreateClient(ApiRole.Manage, a);
        const long NoTag = 987_654_321;

        Assert.Empty((await GetJsonAsync(limited, $"/api/conversationTags?assistantName={b}")).EnumerateArray());
        Assert.Equal([ownTag], (await GetJsonAsync(limited, $"/api/conversationTags?assistantName={a}")).EnumerateArray().Select(t => t.GetProperty("id").GetInt64()));
        foreach (var method in new[] { "GET", "PATCH", "DELETE" })
        {
            Assert.Equal(
                await ProblemTextAsync(await SendAsync(limited, method, $"/api/conversationTags/{NoTag}", """{"name":"x"}"""), $"{NoTag}", "ID"),
                await ProblemTextAsync(await SendAsync(limited, method, $"/api/conversationTags/{otherTag}", """{"name":"x"}"""), $"{otherTag}", "ID"));
        }

        Assert.Equal("other", (await GetJsonAsync(_manage, $"/api/conversationTags/{otherTag}")).GetProperty("name").GetString());
        using (var create = await SendAsync(limited, "POST", "/api/conversationTags", $$"""{"assistantName":"{{b}}","name":"sneaky"}"""))
        {
            await ProblemAssert.IsAsync(create, HttpStatusCode.Forbidden, null);
        }

        Assert.DoesNotContain((await GetJsonAsync(_manage, $"/api/conversationTags?assistantName={b}")).EnumerateArray(), t => t.GetProperty("name").GetString() == "sneaky");
        Assert.Equal(
            await ProblemTextAsync(await SendAsync(limited, "PUT", $"/api/conversations/{unknown}/tags/{ownTag}"), unknown),
            await ProblemTextAsync(await SendAsync(limited, "PUT", $"/api/conversations/{theirs}/tags/{ownTag}"), theirs, unknown));
        Assert.Equal(
            await ProblemTextAsync(await SendAsync(limited, "PUT", $"/api/conversations/{mine}/tags/{NoTag}"), $"{NoTag}", "ID"),
            await ProblemTextAsync(await SendAsync(limited, "PUT", $"/api/conversations/{mine}/tags/{otherTag}"), $"{otherTag}", "ID"));
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(_manage, "PUT", $"/api/conversations/{mine}/tags/{otherTag}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(limited, "DELETE", $"/api/conversations/{theirs}/tags/{otherTag}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(limited, "DELETE", $"/api/conversations/{unknown}/tags/{otherTag}")).StatusCode);
        await WaitForMetadataAsync(_manage);
        var export = await GetJsonAsync(_manage, $"/api/rawConversations?assistantName={b}");
        Assert.Equal(["other"], export.GetProperty("conversations")[0].GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
    }

    [ContractFact]
    public async Task RawExport_OfAnotherAssistant_IsEmptyForALimitedToken()
    {
        var (a, b) = Assistants();
        var (mine, theirs) = (Marker(), Marker());
        await PutAsync(_manage, mine, Conversation(a));
        await PutAsync(_manage, theirs, Conversation(b));
        await WaitForMetadataAsync(_manage);
        using var limited = factory.CreateClient(ApiRole.View, a);

        var other = await GetJsonAsync(limited, $"/api/rawConversations?assistantName={b}");
        var nobody = await GetJsonAsync(_manage, $"/api/rawConversations?assistantName={Marker()}");
        var own = await GetJsonAsync(limited, $"/api/rawConversations?assistantName={a}");

        Assert.Equal(nobody.GetRawText(), other.GetRawText());
        Assert.Equal(0, other.GetProperty("count").GetInt64());
        Assert.Equal([mine], own.GetProperty("conversations").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Equal(1, (await GetJsonAsync(_manage, $"/api/rawConversations?assistantName={b}")).GetProperty("count").GetInt64());
    }

    [ContractTheory]
    [InlineData("GET", "/api/admin/metadata")]
    [InlineData("POST", "/api/admin/metadata/rebuild")]
    public async Task Maintenance_LimitedToken_Is403(string method, string path)
    {
        var (a, _) = Assistants();
        using var limited = factory.CreateClient(ApiRole.Manage, a);

        using var response = await limited.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)));

        await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, null);
        Assert.Contains("needs a token without assistant limits", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static (string A, string B) Assistants()
    {
        var m = Marker();
        return ($"{m}-a", $"{m}-b");
    }

    /// <summary>A user and a bot message of <paramref name="assistant"/>, as Rasa 3 writes them.</summary>
    private static string Conversation(string assistant) => $"[{Event(assistant, 1, "user")},{Event(assistant, 2, "bot")}]";

    private static string Event(string assistant, double timestamp, string type = "user") =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["event"] = type,
            ["timestamp"] = timestamp,
            ["text"] = "hello",
            ["metadata"] = new Dictionary<string, string> { ["assistant_id"] = assistant, ["model_id"] = "m1" },
        });

    /// <summary>A user message of <paramref name="assistant"/> with <paramref name="intent"/> on <paramref name="channel"/>.</summary>
    private static string Intent(string assistant, string intent, double timestamp, string channel) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["event"] = "user",
            ["timestamp"] = timestamp,
            ["text"] = "hello",
            ["input_channel"] = channel,
            ["parse_data"] = new Dictionary<string, object> { ["intent"] = new Dictionary<string, object> { ["name"] = intent, ["confidence"] = 0.9 } },
            ["metadata"] = new Dictionary<string, string> { ["assistant_id"] = assistant },
        });

    private static async Task<long> CreateTagAsync(HttpClient client, string assistant, string name)
    {
        using var response = await SendAsync(client, "POST", "/api/conversationTags", $$"""{"assistantName":"{{assistant}}","name":"{{name}}"}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, string? body = null) =>
        client.SendAsync(Operations.Request(method, path, body));

    private static Uri Path(string sender, string suffix) => new($"/api/conversations/{sender}{suffix}", UriKind.Relative);

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task AssertReadAsync(HttpClient client, string sender, HttpStatusCode expected)
    {
        using var response = await client.GetAsync(Path(sender, "/tracker"));
        Assert.True(response.StatusCode == expected, $"{sender}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The 404 problem for <paramref name="sender"/>'s <paramref name="read"/>, with the id written as <paramref name="as"/>.</summary>
    private static async Task<string> NotFoundAsync(HttpClient client, string sender, string read, string @as)
    {
        using var response = await client.GetAsync(Path(sender, read));
        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, null);
        return await ProblemTextAsync(response, sender, @as);
    }

    /// <summary>Status, content type and problem body, the sender id replaced, trace id left out.</summary>
    private static async Task<string> ProblemTextAsync(HttpResponseMessage response, string sender, string? @as = null)
    {
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateObject()
            .Where(p => p.Name != "traceId")
            .Select(p => $"{p.Name}={p.Value.GetRawText().Replace(sender, @as ?? sender, StringComparison.Ordinal)}");
        return $"{(int)response.StatusCode} {response.Content.Headers.ContentType} {string.Join(";", problem)}";
    }
}

public sealed class SqliteAssistantLimitsApiTests(SqliteApiFactory factory) : AssistantLimitsApiTests<SqliteApiFactory>(factory);

[RequiresPostgreSql]
public sealed class PostgreSqlAssistantLimitsApiTests(PostgreSqlApiFactory factory) : AssistantLimitsApiTests<PostgreSqlApiFactory>(factory);
