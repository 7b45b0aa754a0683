using System.Net;
using System.Text;
using System.Text.Json;
using RasaPlatform.Testing;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Api.Tests;

/// <summary>Message flags through the real pipeline; subclasses choose the store.</summary>
public abstract class FlagsApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    /// <summary>A user, a bot and an agent message, with an action and a slot between them.</summary>
    private const string Conversation = """
        [{"event":"action","name":"action_listen","timestamp":1},
         {"event":"user","text":"hi","timestamp":2,"parse_data":{"intent":{"name":"greet","confidence":0.9}}},
         {"event":"bot","text":"hello","timestamp":3,"data":{"buttons":[]}},
         {"event":"slot","name":"mood","value":"great","timestamp":4},
         {"event":"agent","text":"a human here","timestamp":5}]
        """;

    private readonly HttpClient _client = factory.CreateClient();

    [ContractFact]
    public async Task Put_Message_Is201_AndMessagesAndEventsShowTheFlag()
    {
        var sender = await ConversationAsync("put");

        var response = await SendAsync(HttpMethod.Put, sender, "3");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(0, response.Content.Headers.ContentLength ?? 0);
        Assert.Equal([false, true, false], (await GetJsonAsync(sender, "/messages")).EnumerateArray().Select(IsFlagged));
        var events = await GetJsonAsync(sender, "/events");
        Assert.True(JsonAssert.DeepEquals(JsonDocument.Parse(Conversation).RootElement, MessageFlags.Stripped(events, t => t == 3)));
    }

    [ContractFact]
    public async Task Events_OtherEventsThanMessages_AreByteExact()
    {
        var sender = await ConversationAsync("exact");
        await SendAsync(HttpMethod.Put, sender, "2");

        var events = await _client.GetStringAsync(Path(sender, "/events"));

        Assert.StartsWith("""[{"event":"action","name":"action_listen","timestamp":1},""", events, StringComparison.Ordinal);
        Assert.Contains(""",{"event":"slot","name":"mood","value":"great","timestamp":4},""", events, StringComparison.Ordinal);
        Assert.Contains("""{"event":"bot","text":"hello","timestamp":3,"data":{"buttons":[]},"is_flagged":false}""", events, StringComparison.Ordinal);
        Assert.Contains(""","parse_data":{"intent":{"name":"greet","confidence":0.9}},"is_flagged":true}""", events, StringComparison.Ordinal);
    }

    [ContractFact]
    public async Task PutAndDelete_Twice_AreIdempotent()
    {
        var sender = await ConversationAsync("idempotent");

        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Put, sender, "2")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Put, sender, "2")).StatusCode);
        Assert.Equal([true, false, false], await FlagsAsync(sender));

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Delete, sender, "2")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Delete, sender, "2")).StatusCode);
        Assert.Equal([false, false, false], await FlagsAsync(sender));
    }

    [ContractFact]
    public async Task Delete_MessageNeverFlagged_Is200_AndKeepsOtherFlags()
    {
        var sender = await ConversationAsync("never");
        await SendAsync(HttpMethod.Put, sender, "5");

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Delete, sender, "3")).StatusCode);

        Assert.Equal([false, false, true], await FlagsAsync(sender));
    }

    [ContractTheory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task UnknownConversation_Is404_AndCreatesNothing(string method)
    {
        var sender = Unique("nobody");

        var response = await SendAsync(new HttpMethod(method), sender, "2");

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, field: null);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(Path(sender, "/events"))).StatusCode);
    }

    [ContractTheory]
    [InlineData("PUT", "1")]
    [InlineData("PUT", "4")]
    [InlineData("PUT", "6")]
    [InlineData("PUT", "2.0000000000000004")]
    [InlineData("DELETE", "4")]
    [InlineData("DELETE", "1.9999999999999998")]
    public async Task NoMessageAtTheTimestamp_Is404_AndChangesNothing(string method, string timestamp)
    {
        var sender = await ConversationAsync("no-message");
        await SendAsync(HttpMethod.Put, sender, "2");
        var before = await _client.GetStringAsync(Path(sender, "/events"));

        var response = await SendAsync(new HttpMethod(method), sender, timestamp);

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, field: null);
        Assert.Equal(before, await _client.GetStringAsync(Path(sender, "/events")));
    }

    [ContractTheory]
    [InlineData("PUT", "abc")]
    [InlineData("PUT", "NaN")]
    [InlineData("PUT", "Infinity")]
    [InlineData("PUT", "-Infinity")]
    [InlineData("PUT", "1e999")]
    [InlineData("PUT", "2x")]
    [InlineData("PUT", "%202")]
    [InlineData("PUT", "0x2")]
    [InlineData("DELETE", "nan")]
    [InlineData("DELETE", "Infinity")]
    [InlineData("DELETE", "two")]
    public async Task TimestampNotAPlainFiniteNumber_Is400NamingIt_AndChangesNothing(string method, string timestamp)
    {
        var sender = await ConversationAsync("bad-timestamp");
        await SendAsync(HttpMethod.Put, sender, "2");
        var before = await _client.GetStringAsync(Path(sender, "/events"));

        var response = await SendAsync(new HttpMethod(method), sender, timestamp);

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "message_timestamp");
        Assert.Equal(before, await _client.GetStringAsync(Path(sender, "/events")));
    }

    [ContractFact]
    public async Task Put_TimestampWithDigitGrouping_Is400_NotAFlagOnAnotherMessage()
    {
        // MVC alone binds "1,5" as 15.
        var sender = await ConversationAsync("grouping", """[{"event":"user","text":"a","timestamp":1.5},{"event":"user","text":"b","timestamp":15}]""");

        var response = await SendAsync(HttpMethod.Put, sender, "1,5");

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "message_timestamp");
        Assert.Equal([false, false], await FlagsAsync(sender));
    }

    [ContractFact]
    public async Task Put_SenderIdWithSlash_FlagsThatConversation()
    {
        var sender = await ConversationAsync("a/b");

        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Put, sender, "2")).StatusCode);

        Assert.Equal([true, false, false], await FlagsAsync(sender));
    }

    [ContractFact]
    public async Task SenderIdTooLong_Is400NamingIt()
    {
        var response = await SendAsync(HttpMethod.Put, new string('s', 256), "2");

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "sender_id");
    }

    [ContractFact]
    public async Task Put_SeveralMessagesAtOneSeventeenDigitTimestamp_FlagsThemAll()
    {
        // Botfront stored two user messages at 1572900747.3998685 (17 significant digits, as Python prints it).
        var events = SharedDataConversations.All().Single(c => c.File.EndsWith("analytics_conversations.json", StringComparison.Ordinal)
            && c.SenderId == "75ff7f5064014d0cab88e59a86713eb8").Events;
        var sender = await ConversationAsync("real", events.GetRawText());

        var response = await SendAsync(HttpMethod.Put, sender, "1572900747.3998685");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var messages = await GetJsonAsync(sender, "/messages");
        var flagged = messages.EnumerateArray().Where(IsFlagged).ToList();
        Assert.Equal(2, flagged.Count);
        Assert.All(flagged, m => Assert.Equal("test1", m.GetProperty("text").GetString()));
        Assert.True(JsonAssert.DeepEquals(events, MessageFlags.Stripped(await GetJsonAsync(sender, "/events"), t => t == 1572900747.3998685)));
    }

    /// <remarks>Spellings of the same double match; the neighbouring doubles (…87 and …82) and shorter prints do not.</remarks>
    [ContractTheory]
    [InlineData("1572900747.3998685", HttpStatusCode.Created)]
    [InlineData("1572900747.39986850", HttpStatusCode.Created)]
    [InlineData("1.5729007473998685e9", HttpStatusCode.Created)]
    [InlineData("1572900747.3998686", HttpStatusCode.Created)]
    [InlineData("1572900747.3998687", HttpStatusCode.NotFound)]
    [InlineData("1572900747.3998682", HttpStatusCode.NotFound)]
    [InlineData("1572900747.399868", HttpStatusCode.NotFound)]
    [InlineData("1572900747.4", HttpStatusCode.NotFound)]
    public async Task Put_SeventeenDigitTimestamp_MatchesTheExactDoubleOnly(string printed, HttpStatusCode expected)
    {
        var sender = await ConversationAsync("digits", """[{"event":"user","text":"test1","timestamp":1572900747.3998685}]""");

        var response = await SendAsync(HttpMethod.Put, sender, printed);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal([expected == HttpStatusCode.Created], await FlagsAsync(sender));
    }

    [ContractFact]
    public async Task ReplaceTracker_RemovesFlagsWhoseMessageIsGone()
    {
        var sender = await ConversationAsync("replace");
        foreach (var timestamp in new[] { "2", "3", "5" })
        {
            await SendAsync(HttpMethod.Put, sender, timestamp);
        }

        // 2 stays a message, 3 becomes an action, 5 is gone.
        await PutTrackerAsync(sender, """
            [{"event":"user","text":"hi again","timestamp":2},{"event":"action","name":"utter_x","timestamp":3},{"event":"bot","text":"new","timestamp":6}]
            """);

        Assert.Equal([true, false], await FlagsAsync(sender));
        await ProblemAssert.IsAsync(await SendAsync(HttpMethod.Delete, sender, "5"), HttpStatusCode.NotFound, field: null);
        await ProblemAssert.IsAsync(await SendAsync(HttpMethod.Put, sender, "3"), HttpStatusCode.NotFound, field: null);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Put, sender, "6")).StatusCode);
        Assert.Equal([true, true], await FlagsAsync(sender));
    }

    [ContractFact]
    public async Task ReceivedIsFlagged_IsReplacedNotRepeated()
    {
        var sender = await ConversationAsync("received", """[{"event":"user","text":"x","is_flagged":true,"timestamp":1}]""");

        var unflagged = await _client.GetStringAsync(Path(sender, "/messages"));
        await SendAsync(HttpMethod.Put, sender, "1");
        var flagged = await _client.GetStringAsync(Path(sender, "/messages"));

        Assert.Equal("""[{"event":"user","text":"x","timestamp":1,"is_flagged":false}]""", unflagged);
        Assert.Equal("""[{"event":"user","text":"x","timestamp":1,"is_flagged":true}]""", flagged);
    }

    [ContractFact]
    public async Task TrackerEndpoints_StayAsRasaReturnsThem()
    {
        var sender = await ConversationAsync("tracker");
        var tracker = await _client.GetStringAsync(Path(sender, "/tracker"));
        var conversation = await _client.GetStringAsync(Path(sender, string.Empty));

        await SendAsync(HttpMethod.Put, sender, "2");

        Assert.Equal(tracker, await _client.GetStringAsync(Path(sender, "/tracker")));
        Assert.Equal(conversation, await _client.GetStringAsync(Path(sender, string.Empty)));
        Assert.DoesNotContain("is_flagged", tracker, StringComparison.Ordinal);
    }

    [ContractFact]
    public async Task Messages_HonourUntilAndUseHistory_WithFlags()
    {
        var sender = await ConversationAsync("history", """
            [{"event":"user","text":"a","timestamp":1},{"event":"restart","timestamp":2},{"event":"user","text":"b","timestamp":3}]
            """);
        await SendAsync(HttpMethod.Put, sender, "3");

        Assert.Equal([false], (await GetJsonAsync(sender, "/messages?until=2")).EnumerateArray().Select(IsFlagged));
        Assert.Equal([true], (await GetJsonAsync(sender, "/messages?use_history=false")).EnumerateArray().Select(IsFlagged));
    }

    [ContractFact]
    public async Task FlagsAndAppends_AtOnce_AllSucceed()
    {
        var sender = await ConversationAsync("busy", "[" + string.Join(",", Enumerable.Range(1, 20).Select(i => $$"""{"event":"user","text":"m{{i}}","timestamp":{{i}}}""")) + "]");

        var flags = Enumerable.Range(0, 40).Select(i => SendAsync(i % 3 == 0 ? HttpMethod.Delete : HttpMethod.Put, sender, $"{1 + (i % 20)}"));
        var appends = Enumerable.Range(0, 10).Select(i => _client.PostAsync(
            new Uri($"/api/conversations/{sender}/tracker/events", UriKind.Relative),
            new StringContent($$"""{"event":"bot","text":"more","timestamp":{{100 + i}}}""", Encoding.UTF8, "application/json")));

        var responses = await Task.WhenAll(flags.Concat(appends));

        Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode, $"{r.RequestMessage?.Method} {r.RequestMessage?.RequestUri}: {(int)r.StatusCode}"));
        Assert.Equal(30, (await GetJsonAsync(sender, "/messages")).GetArrayLength());
    }

    private static bool IsFlagged(JsonElement message) => message.GetProperty("is_flagged").GetBoolean();

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static Uri Path(string sender, string suffix) =>
        new($"/api/conversations/{Uri.EscapeDataString(sender)}{suffix}", UriKind.Relative);

    private async Task<string> ConversationAsync(string label, string events = Conversation)
    {
        var sender = Unique(label);
        await PutTrackerAsync(sender, events);
        return sender;
    }

    private async Task PutTrackerAsync(string sender, string events)
    {
        var response = await _client.PutAsync(Path(sender, "/tracker"), new StringContent(events, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string sender, string timestamp) =>
        _client.SendAsync(new HttpRequestMessage(method, Path(sender, $"/messages/{timestamp}")));

    private async Task<List<bool>> FlagsAsync(string sender) =>
        [.. (await GetJsonAsync(sender, "/messages")).EnumerateArray().Select(IsFlagged)];

    private async Task<JsonElement> GetJsonAsync(string sender, string suffix)
    {
        var response = await _client.GetAsync(Path(sender, suffix));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}

public sealed class SqliteFlagsApiTests(SqliteApiFactory factory) : FlagsApiTests<SqliteApiFactory>(factory);

[RequiresPostgreSql]
public sealed class PostgreSqlFlagsApiTests(PostgreSqlApiFactory factory) : FlagsApiTests<PostgreSqlApiFactory>(factory);
