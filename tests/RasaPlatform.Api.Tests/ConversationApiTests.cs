using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using NodaTime;
using RasaPlatform.Testing;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Api.Tests;

/// <summary>The conversation API through the real pipeline; subclasses choose the store.</summary>
public abstract class ConversationApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private readonly HttpClient _client = factory.CreateClient();

    [ContractFact]
    public async Task PutTracker_Moodbot_TrackerStateEqualsTheOneRasaComputed()
    {
        var oracle = JsonDocument.Parse(File.ReadAllText(SharedData.PathOf("rasa/tracker_moodbot.json"))).RootElement;
        var sender = Unique("mysender");
        await PutAsync(sender, oracle.GetProperty("events").GetRawText());

        var tracker = await GetJsonAsync($"/api/conversations/{sender}/tracker");

        foreach (var field in new[] { "slots", "latest_message", "latest_action_name", "paused", "followup_action", "latest_event_time" })
        {
            var expected = oracle.GetProperty(field);
            if (field == "slots")
            {
                // No domain in a store: only slots that events set are listed; Rasa's unset slots are null.
                Assert.All(expected.EnumerateObject(), slot => Assert.Equal(JsonValueKind.Null, slot.Value.ValueKind));
                Assert.Empty(tracker.GetProperty("slots").EnumerateObject());
                continue;
            }

            JsonAssert.Equal(expected, tracker.GetProperty(field));
        }

        JsonAssert.Equal(oracle.GetProperty("events"), tracker.GetProperty("events"));
    }

    [ContractFact]
    public async Task EveryConversationOfSharedData_RoundTripsThroughPutAndEvents()
    {
        foreach (var (file, senderId, events) in SharedDataConversations.All())
        {
            await PutAsync(senderId, events.GetRawText());

            var stored = await GetJsonAsync($"/api/conversations/{Uri.EscapeDataString(senderId)}/events");

            // Messages come back with is_flagged (false: nothing is flagged); everything else exactly as sent.
            Assert.True(JsonAssert.DeepEquals(events, MessageFlags.Stripped(stored)), $"{file} / {senderId} did not round-trip");
        }
    }

    [ContractFact]
    public async Task AppendEvents_SameBatchTwice_IsStoredOnce_AndKeepsDuplicatesWithinTheBatch()
    {
        var sender = Unique("retry");
        const string batch = """[{"event":"user","timestamp":10.5,"text":"hi"},{"event":"user","timestamp":10.5,"text":"hi"},{"event":"action","name":"utter_greet","timestamp":11}]""";

        await PostAsync(sender, batch);
        await PostAsync(sender, batch);
        await PostAsync(sender, """{"event":"action","name":"utter_greet","timestamp":11}""");

        var events = await GetJsonAsync($"/api/conversations/{sender}/events");
        Assert.Equal(3, events.GetArrayLength());
    }

    [ContractFact]
    public async Task AppendEvents_SingleObjectWithoutTimestamp_GetsTheReceiveTime()
    {
        var sender = Unique("stamp");

        var response = await PostAsync(sender, """{"event":"slot","name":"city","value":"Berlin"}""");

        var tracker = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(JsonValueKind.Null, tracker.GetProperty("events").ValueKind);
        Assert.Equal("Berlin", tracker.GetProperty("slots").GetProperty("city").GetString());
        var expected = factory.Clock.GetCurrentInstant().ToUnixTimeTicks() / (double)NodaConstants.TicksPerSecond;
        Assert.Equal(expected, tracker.GetProperty("latest_event_time").GetDouble());
        var stored = await GetJsonAsync($"/api/conversations/{sender}/events");
        Assert.Equal(expected, stored[0].GetProperty("timestamp").GetDouble());
    }

    [ContractFact]
    public async Task PutTracker_ReplacesEverythingStored()
    {
        var sender = Unique("replace");
        await PostAsync(sender, """[{"event":"action","name":"a","timestamp":1},{"event":"action","name":"b","timestamp":2}]""");

        var response = await PutAsync(sender, """[{"event":"action","name":"c","timestamp":3}]""");

        var tracker = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("c", Assert.Single(tracker.GetProperty("events").EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal(1, (await GetJsonAsync($"/api/conversations/{sender}/events")).GetArrayLength());
    }

    [ContractFact]
    public async Task Reads_HonourUntilAndUseHistory()
    {
        var sender = Unique("history");
        await PutAsync(sender, """
            [{"event":"user","text":"a","timestamp":1,"parse_data":{"intent":{"name":"greet","confidence":1}}},
             {"event":"bot","text":"b","timestamp":2},
             {"event":"restart","timestamp":3},
             {"event":"action","name":"action_listen","timestamp":4},
             {"event":"user","text":"c","timestamp":5,"parse_data":{"intent":{"name":"bye","confidence":1}}},
             {"event":"agent","text":"d","timestamp":6}]
            """);

        Assert.Equal(6, (await GetJsonAsync($"/api/conversations/{sender}/events")).GetArrayLength());
        Assert.Equal(3, (await GetJsonAsync($"/api/conversations/{sender}/events?use_history=false")).GetArrayLength());
        Assert.Equal(2, (await GetJsonAsync($"/api/conversations/{sender}/events?until=2")).GetArrayLength());
        Assert.Equal(4, (await GetJsonAsync($"/api/conversations/{sender}/messages")).GetArrayLength());
        Assert.Equal(2, (await GetJsonAsync($"/api/conversations/{sender}/messages?use_history=false")).GetArrayLength());
        Assert.Equal(1, (await GetJsonAsync($"/api/conversations/{sender}/messages?until=1.5")).GetArrayLength());

        var past = await GetJsonAsync($"/api/conversations/{sender}/tracker?until=2.5");
        Assert.Equal("greet", past.GetProperty("latest_message").GetProperty("intent").GetProperty("name").GetString());
        Assert.Equal(2, past.GetProperty("latest_event_time").GetDouble());

        var now = await GetJsonAsync($"/api/conversations/{sender}/tracker?include_events=AFTER_RESTART");
        Assert.Equal(3, now.GetProperty("events").GetArrayLength());
        Assert.Equal("bye", now.GetProperty("latest_message").GetProperty("intent").GetProperty("name").GetString());

        var conversation = await GetJsonAsync($"/api/conversations/{sender}?use_history=false");
        Assert.Equal(3, conversation.GetProperty("events").GetArrayLength());
        Assert.Equal(sender, conversation.GetProperty("sender_id").GetString());
    }

    [ContractTheory]
    [InlineData("/tracker")]
    [InlineData("/events")]
    [InlineData("/messages")]
    [InlineData("")]
    public async Task Reads_UnknownConversation_Are404Problems(string suffix)
    {
        var response = await _client.GetAsync(new Uri($"/api/conversations/{Unique("nobody")}{suffix}", UriKind.Relative));

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, field: null);
    }

    [ContractTheory]
    [InlineData("""{"event":"user",""", "$")]
    [InlineData("""{"text":"no type","timestamp":1}""", "body.event")]
    [InlineData("""[{"event":"user","timestamp":1},{"event":"bot","timestamp":"noon"}]""", "body[1].timestamp")]
    [InlineData("""[{"event":"user","timestamp":1},{"event":7}]""", "body[1].event")]
    [InlineData("""42""", "body")]
    public async Task AppendEvents_BadBody_Is400NamingTheField_AndStoresNothing(string body, string field)
    {
        var sender = Unique("bad");
        await PostAsync(sender, """{"event":"action","name":"kept","timestamp":1}""");

        var response = await _client.PostAsync(new Uri($"/api/conversations/{sender}/tracker/events", UriKind.Relative), Json(body));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, field);
        var events = await GetJsonAsync($"/api/conversations/{sender}/events");
        Assert.Equal("kept", Assert.Single(events.EnumerateArray()).GetProperty("name").GetString());
    }

    [ContractFact]
    public async Task PutTracker_BadEvent_Is400_AndTheStoredConversationIsUnchanged()
    {
        var sender = Unique("badput");
        await PutAsync(sender, """[{"event":"action","name":"kept","timestamp":1}]""");

        var response = await _client.PutAsync(
            new Uri($"/api/conversations/{sender}/tracker", UriKind.Relative),
            Json("""[{"event":"action","name":"new","timestamp":2},{"timestamp":3}]"""));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "body[1].event");
        Assert.Equal("kept", (await GetJsonAsync($"/api/conversations/{sender}/events"))[0].GetProperty("name").GetString());
    }

    [ContractFact]
    public async Task AppendEvents_BodyOverTheLimit_Is413_AndStoresNothing()
    {
        var sender = Unique("big");
        var text = new string('x', (int)ApiFactory.MaxBodyBytes);

        var response = await _client.PostAsync(
            new Uri($"/api/conversations/{sender}/tracker/events", UriKind.Relative),
            Json($$"""{"event":"user","timestamp":1,"text":"{{text}}"}"""));

        await ProblemAssert.IsAsync(response, HttpStatusCode.RequestEntityTooLarge, field: null);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(new Uri($"/api/conversations/{sender}/events", UriKind.Relative))).StatusCode);
    }

    [ContractFact]
    public async Task AppendEvents_ChunkedBodyOverTheLimit_Is413()
    {
        var text = new string('x', (int)ApiFactory.MaxBodyBytes);
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes($$"""{"event":"user","timestamp":1,"text":"{{text}}"}""")));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/conversations/{Unique("chunked")}/tracker/events") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await _client.SendAsync(request);

        await ProblemAssert.IsAsync(response, HttpStatusCode.RequestEntityTooLarge, field: null);
    }

    [ContractTheory]
    [InlineData(256, "", "sender_id")]
    [InlineData(0, "%01", "sender_id")]
    [InlineData(0, "a%0Ab", "sender_id")]
    public async Task AppendEvents_BadSenderId_Is400(int length, string raw, string field)
    {
        var sender = length > 0 ? new string('s', length) : raw;

        var response = await _client.PostAsync(
            new Uri($"/api/conversations/{sender}/tracker/events", UriKind.Relative),
            Json("""{"event":"action","name":"x","timestamp":1}"""));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, field);
    }

    [ContractFact]
    public async Task SenderIdOf255Characters_IsAccepted()
    {
        var sender = new string('é', 255);

        await PostAsync(Uri.EscapeDataString(sender), """{"event":"action","name":"x","timestamp":1}""");

        var tracker = await GetJsonAsync($"/api/conversations/{Uri.EscapeDataString(sender)}/tracker");
        Assert.Equal(sender, tracker.GetProperty("sender_id").GetString());
    }

    [ContractTheory]
    [InlineData("a%2Fb", "a/b")]
    [InlineData("a%252Fb", "a%2Fb")]
    [InlineData("with%20space%20%26%20%22quotes%22", "with space & \"quotes\"")]
    [InlineData("%C3%A9t%C3%A9%3Fq%3D1", "été?q=1")]
    public async Task SenderId_IsDecodedExactlyOnce_SlashesIncluded(string encoded, string expected)
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var response = await _client.PostAsync(
            new Uri($"/api/conversations/{encoded}-{unique}/tracker/events?include_events=ALL", UriKind.Relative),
            Json("""{"event":"action","name":"x","timestamp":1}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var tracker = await GetJsonAsync($"/api/conversations/{encoded}-{unique}/tracker");
        Assert.Equal($"{expected}-{unique}", tracker.GetProperty("sender_id").GetString());
        Assert.Equal(1, (await GetJsonAsync($"/api/conversations/{encoded}-{unique}/events")).GetArrayLength());
    }

    [ContractTheory]
    [InlineData("until=abc", "until")]
    [InlineData("until=1,5", "until")]
    [InlineData("until=1%2C000", "until")]
    [InlineData("use_history=maybe", "use_history")]
    [InlineData("include_events=SOME", "include_events")]
    public async Task Reads_BadQuery_Is400NamingTheParameter(string query, string field)
    {
        var sender = Unique("query");
        await PostAsync(sender, """{"event":"action","name":"x","timestamp":1}""");

        var response = await _client.GetAsync(new Uri($"/api/conversations/{sender}/tracker?{query}", UriKind.Relative));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, field);
    }

    [ContractFact]
    public async Task Service_ServesVersionHealthContractAndDocs()
    {
        var version = await GetJsonAsync("/api/version");
        Assert.False(string.IsNullOrEmpty(version.GetProperty("version").GetString()));
        Assert.Equal("ok", (await GetJsonAsync("/api/health/live")).GetProperty("status").GetString());
        Assert.Equal("ok", (await GetJsonAsync("/api/health/ready")).GetProperty("status").GetString());

        var spec = await _client.GetStringAsync(new Uri("/api/openapi.yaml", UriKind.Relative));
        Assert.Contains("/conversations/{sender_id}/tracker/events:", spec, StringComparison.Ordinal);
        Assert.Contains("\n  /statistics:", spec, StringComparison.Ordinal);
        Assert.Contains("\n  /analytics:", spec, StringComparison.Ordinal);

        var docs = await _client.GetAsync(new Uri("/docs/index.html", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private async Task<HttpResponseMessage> PutAsync(string sender, string body)
    {
        var response = await _client.PutAsync(new Uri($"/api/conversations/{Uri.EscapeDataString(sender)}/tracker", UriKind.Relative), Json(body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    private async Task<HttpResponseMessage> PostAsync(string sender, string body)
    {
        var response = await _client.PostAsync(new Uri($"/api/conversations/{sender}/tracker/events", UriKind.Relative), Json(body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}

public sealed class SqliteConversationApiTests(SqliteApiFactory factory) : ConversationApiTests<SqliteApiFactory>(factory);

[RequiresPostgreSql]
public sealed class PostgreSqlConversationApiTests(PostgreSqlApiFactory factory) : ConversationApiTests<PostgreSqlApiFactory>(factory);
