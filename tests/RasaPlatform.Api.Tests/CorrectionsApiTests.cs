using System.Net;
using System.Text;
using System.Text.Json;
using RasaPlatform.Core.Access;
using RasaPlatform.Testing;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Api.Tests;

/// <summary>Intent corrections through the real pipeline; subclasses choose the store.</summary>
public abstract class CorrectionsApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    /// <summary>Two user messages, a bot message and an action between them.</summary>
    private const string Conversation = """
        [{"event":"action","name":"action_listen","timestamp":1},
         {"event":"user","text":"hi","timestamp":2,"parse_data":{"intent":{"name":"greet","confidence":0.9}}},
         {"event":"bot","text":"hello","timestamp":3},
         {"event":"user","text":"bye","timestamp":4,"parse_data":{"intent":{"name":"greet","confidence":0.4}}}]
        """;

    private readonly HttpClient _client = factory.CreateClient();

    [ContractFact]
    public async Task Put_IsCreatedThenReplaced_AndMessagesShowTheCorrectionBesideTheOriginal()
    {
        var sender = await ConversationAsync("put");

        Assert.Equal(HttpStatusCode.Created, (await PutAsync(sender, "4", """{"intent":"goodbye"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(sender, "4", """{"intent":"  farewell "}""")).StatusCode);

        var messages = await ServiceWrites.GetJsonAsync(_client, $"/api/conversations/{sender}/messages");
        Assert.Equal([null, null, "farewell"], messages.EnumerateArray().Select(CorrectedIntent));
        Assert.Equal("greet", messages[2].GetProperty("parse_data").GetProperty("intent").GetProperty("name").GetString());
        var events = await _client.GetStringAsync(Path(sender, "/events"));
        Assert.Contains(
            """{"event":"user","text":"bye","timestamp":4,"parse_data":{"intent":{"name":"greet","confidence":0.4}},"is_flagged":false,"corrected_intent":"farewell"}""",
            events,
            StringComparison.Ordinal);
        Assert.DoesNotContain("corrected_intent", await _client.GetStringAsync(Path(sender, "/tracker")), StringComparison.Ordinal);
    }

    [ContractFact]
    public async Task Delete_RemovesTheCorrection_AndIs200AlsoWhenThereIsNone()
    {
        var sender = await ConversationAsync("delete");
        await PutAsync(sender, "2", """{"intent":"hello"}""");

        Assert.Equal(HttpStatusCode.OK, (await DeleteAsync(sender, "2")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await DeleteAsync(sender, "2")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await DeleteAsync(sender, "3")).StatusCode);

        var messages = await ServiceWrites.GetJsonAsync(_client, $"/api/conversations/{sender}/messages");
        Assert.All(messages.EnumerateArray(), m => Assert.Null(CorrectedIntent(m)));
    }

    [ContractTheory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task UnknownConversation_Is404_AndCreatesNothing(string method)
    {
        var sender = $"nobody-{Guid.NewGuid():N}";

        var response = method == "PUT" ? await PutAsync(sender, "2", """{"intent":"x"}""") : await DeleteAsync(sender, "2");

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, field: null);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(Path(sender, "/events"))).StatusCode);
    }

    [ContractTheory]
    [InlineData("1")]
    [InlineData("3")]
    [InlineData("5")]
    [InlineData("4.000000000000001")]
    public async Task Put_NoUserMessageAtTheTimestamp_Is404NamingIt(string timestamp)
    {
        var sender = await ConversationAsync("no-user");

        await ProblemAssert.IsAsync(await PutAsync(sender, timestamp, """{"intent":"x"}"""), HttpStatusCode.NotFound, "message_timestamp");

        Assert.DoesNotContain("corrected_intent", await _client.GetStringAsync(Path(sender, "/messages")), StringComparison.Ordinal);
    }

    [ContractTheory]
    [InlineData("""{}""", "intent")]
    [InlineData("""{"intent":null}""", "intent")]
    [InlineData("""{"intent":""}""", "intent")]
    [InlineData("""{"intent":"   "}""", "intent")]
    [InlineData("""{"intent":"tab\tinside"}""", "intent")]
    [InlineData("""{"intent":"line\nbreak"}""", "intent")]
    [InlineData("""{"intent":"\ud83d"}""", "$.intent")]
    [InlineData("""{"intent":5}""", "$.intent")]
    [InlineData("""{"intent":["greet"]}""", "$.intent")]
    public async Task Put_BadIntent_Is400NamingIt_AndChangesNothing(string body, string field)
    {
        var sender = await ConversationAsync("bad-intent");
        await PutAsync(sender, "2", """{"intent":"kept"}""");

        await ProblemAssert.IsAsync(await PutAsync(sender, "2", body), HttpStatusCode.BadRequest, field);

        Assert.Equal(["kept", null], (await ServiceWrites.GetJsonAsync(_client, $"/api/conversations/{sender}/messages")).EnumerateArray()
            .Where(m => m.GetProperty("event").GetString() == "user").Select(CorrectedIntent));
    }

    [ContractFact]
    public async Task Put_IntentOf200Characters_IsAccepted_201IsRefused()
    {
        var sender = await ConversationAsync("long");

        Assert.Equal(HttpStatusCode.Created, (await PutAsync(sender, "2", $$"""{"intent":"{{new string('i', 200)}}"}""")).StatusCode);
        await ProblemAssert.IsAsync(await PutAsync(sender, "4", $$"""{"intent":"{{new string('i', 201)}}"}"""), HttpStatusCode.BadRequest, "intent");
    }

    [ContractTheory]
    [InlineData("PUT", "NaN")]
    [InlineData("PUT", "Infinity")]
    [InlineData("PUT", "1e999")]
    [InlineData("PUT", "1,5")]
    [InlineData("DELETE", "-Infinity")]
    [InlineData("DELETE", "two")]
    public async Task TimestampNotAPlainFiniteNumber_Is400NamingIt(string method, string timestamp)
    {
        var sender = await ConversationAsync("bad-timestamp");

        var response = method == "PUT" ? await PutAsync(sender, timestamp, """{"intent":"x"}""") : await DeleteAsync(sender, timestamp);

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "message_timestamp");
    }

    [ContractFact]
    public async Task ReplaceTracker_DropsTheCorrectionsWhoseUserMessageIsGone()
    {
        var sender = await ConversationAsync("replace");
        await PutAsync(sender, "2", """{"intent":"hello"}""");
        await PutAsync(sender, "4", """{"intent":"goodbye"}""");

        // 2 stays a user message; 4 becomes a bot message.
        await ServiceWrites.PutAsync(_client, sender, """[{"event":"user","text":"hi again","timestamp":2},{"event":"bot","text":"bye","timestamp":4}]""");

        Assert.Equal(["hello", null], (await ServiceWrites.GetJsonAsync(_client, $"/api/conversations/{sender}/messages")).EnumerateArray().Select(CorrectedIntent));
        await ProblemAssert.IsAsync(await PutAsync(sender, "4", """{"intent":"x"}"""), HttpStatusCode.NotFound, "message_timestamp");
    }

    [ContractFact]
    public async Task Listing_CarriesTheCorrectedMessagesReadLive_EmptyWhenNone()
    {
        var m = ServiceWrites.Marker();
        await ServiceWrites.PutAsync(_client, $"{m}-corrected", $$$$"""[{"event":"user","timestamp":10,"text":"hi","parse_data":{"intent":{"name":"{{{{m}}}}"}}},{"event":"user","timestamp":11.25,"text":"yo","parse_data":{"intent":{"name":"{{{{m}}}}"}}}]""");
        await ServiceWrites.PutAsync(_client, $"{m}-plain", $$$$"""[{"event":"user","timestamp":12,"text":"hi","parse_data":{"intent":{"name":"{{{{m}}}}"}}}]""");
        await ServiceWrites.WaitForMetadataAsync(_client);

        await PutAsync($"{m}-corrected", "11.25", """{"intent":"greet"}""");
        await PutAsync($"{m}-corrected", "10", """{"intent":"hello"}""");

        var items = (await ServiceWrites.GetJsonAsync(_client, $"/api/conversations?intent={m}")).EnumerateArray()
            .ToDictionary(i => i.GetProperty("sender_id").GetString()!, i => i.GetProperty("corrected_messages").GetRawText());
        JsonAssert.Equal("""[{"message_timestamp":10,"intent":"hello"},{"message_timestamp":11.25,"intent":"greet"}]""", items[$"{m}-corrected"]);
        Assert.Equal("[]", items[$"{m}-plain"]);
    }

    [ContractFact]
    public async Task ViewToken_Is403_AndATokenOfAnotherAssistantGetsTheUnknownConversations404()
    {
        var sender = await ConversationAsync("roles");
        using var view = factory.CreateClient(ApiRole.View);
        using var other = factory.CreateClient(ApiRole.Manage, "someone-else");

        await ProblemAssert.IsAsync(await SendAsync(view, HttpMethod.Put, sender, "2", """{"intent":"x"}"""), HttpStatusCode.Forbidden, field: null);
        var hidden = await SendAsync(other, HttpMethod.Put, sender, "2", """{"intent":"x"}""");

        await ProblemAssert.IsAsync(hidden, HttpStatusCode.NotFound, field: null);
        Assert.Equal(
            $"No conversation with sender id '{sender}' is stored.",
            JsonDocument.Parse(await hidden.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());
        Assert.DoesNotContain("corrected_intent", await _client.GetStringAsync(Path(sender, "/messages")), StringComparison.Ordinal);
    }

    private static string? CorrectedIntent(JsonElement message) =>
        message.TryGetProperty("corrected_intent", out var intent) ? intent.GetString() : null;

    private static Uri Path(string sender, string suffix) =>
        new($"/api/conversations/{Uri.EscapeDataString(sender)}{suffix}", UriKind.Relative);

    private async Task<string> ConversationAsync(string label)
    {
        var sender = $"{label}-{Guid.NewGuid():N}";
        await ServiceWrites.PutAsync(_client, sender, Conversation);
        return sender;
    }

    private Task<HttpResponseMessage> PutAsync(string sender, string timestamp, string body) =>
        SendAsync(_client, HttpMethod.Put, sender, timestamp, body);

    private Task<HttpResponseMessage> DeleteAsync(string sender, string timestamp) =>
        SendAsync(_client, HttpMethod.Delete, sender, timestamp, body: null);

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string sender, string timestamp, string? body) =>
        client.SendAsync(new HttpRequestMessage(method, Path(sender, $"/messages/{timestamp}/intent"))
        {
            Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
        });
}

public sealed class SqliteCorrectionsApiTests(SqliteApiFactory factory) : CorrectionsApiTests<SqliteApiFactory>(factory);

[RequiresPostgreSql]
public sealed class PostgreSqlCorrectionsApiTests(PostgreSqlApiFactory factory) : CorrectionsApiTests<PostgreSqlApiFactory>(factory);
