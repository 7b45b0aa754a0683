using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using RasaPlatform.Core.Access;
using RasaPlatform.Core.Listing;
using RasaPlatform.Testing;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Api.Tests;

/// <summary>Review statuses and the review-minded listing filters through the real pipeline; subclasses choose the store.</summary>
public abstract class ReviewsApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private readonly HttpClient _client = factory.CreateClient();

    [ContractFact]
    public async Task Put_EachStatus_Is204_AndShowsEverywhereTheConversationDoes()
    {
        var assistant = Marker();
        var sender = await ConversationAsync("everywhere", assistant);
        Assert.Equal("unread", await ListedStatusAsync(sender, assistant));

        foreach (var status in new[] { "reviewed", "saved_for_later", "unread", "reviewed" })
        {
            using var response = await PutStatusAsync(sender, $$"""{"review_status":"{{status}}"}""");

            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            Assert.Equal(status, await ListedStatusAsync(sender, assistant));
            Assert.Equal(status, (await GetJsonAsync($"/api/conversations/{sender}")).GetProperty("review_status").GetString());
            Assert.Equal(status, (await GetJsonAsync($"/api/conversations/{sender}/debug-dump.json")).GetProperty("review_status").GetString());
            Assert.Contains($"| review status | {status} |", await _client.GetStringAsync(new Uri($"/api/conversations/{sender}/debug-dump.md", UriKind.Relative)), StringComparison.Ordinal);
            var raw = await GetJsonAsync($"/api/rawConversations?assistantName={assistant}");
            Assert.Equal(status, Assert.Single(raw.GetProperty("conversations").EnumerateArray()).GetProperty("reviewStatus").GetString());
        }
    }

    [ContractFact]
    public async Task NewEvents_DoNotChangeTheStatus_AndTheTrackerStaysAsRasaReturnsIt()
    {
        var assistant = Marker();
        var sender = await ConversationAsync("events", assistant);
        var tracker = await _client.GetStringAsync(new Uri($"/api/conversations/{sender}/tracker", UriKind.Relative));
        await PutStatusAsync(sender, """{"review_status":"saved_for_later"}""");

        await AppendAsync(sender, $$$"""{"event":"user","timestamp":20,"text":"more","metadata":{"assistant_id":"{{{assistant}}}"}}""");
        await WaitForMetadataAsync();

        Assert.Equal("saved_for_later", await ListedStatusAsync(sender, assistant));
        Assert.DoesNotContain("review_status", tracker, StringComparison.Ordinal);
        Assert.DoesNotContain("review_status", await _client.GetStringAsync(new Uri($"/api/conversations/{sender}/tracker", UriKind.Relative)), StringComparison.Ordinal);
    }

    [ContractTheory]
    [InlineData("""{"review_status":"done"}""", "review_status")]
    [InlineData("""{"review_status":"Reviewed"}""", "review_status")]
    [InlineData("""{"review_status":" reviewed"}""", "review_status")]
    [InlineData("""{"review_status":""}""", "review_status")]
    [InlineData("""{"review_status":null}""", "review_status")]
    [InlineData("""{}""", "review_status")]
    [InlineData("""{"status":"reviewed"}""", "review_status")]
    [InlineData("""{"review_status":1}""", "$.review_status")]
    [InlineData("""{"review_status":["reviewed"]}""", "$.review_status")]
    public async Task Put_AnyOtherValue_Is400NamingIt_AndChangesNothing(string body, string field)
    {
        var assistant = Marker();
        var sender = await ConversationAsync("bad", assistant);
        await PutStatusAsync(sender, """{"review_status":"reviewed"}""");

        using var response = await PutStatusAsync(sender, body);

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal("reviewed", await ListedStatusAsync(sender, assistant));
    }

    [ContractTheory]
    [InlineData("reviewed")]
    [InlineData("[\"reviewed\"]")]
    [InlineData("not json")]
    public async Task Put_ABodyThatIsNoObject_Is400(string body)
    {
        var sender = await ConversationAsync("not-object", Marker());

        using var response = await PutStatusAsync(sender, body);

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, field: null);
    }

    [ContractFact]
    public async Task Put_UnknownConversation_Is404_AndStoresNothing()
    {
        var sender = "nobody-" + Marker();

        using var response = await PutStatusAsync(sender, """{"review_status":"reviewed"}""");

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, field: null);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(new Uri($"/api/conversations/{sender}", UriKind.Relative))).StatusCode);
    }

    [ContractFact]
    public async Task Put_NeedsTheManageRole_AndAnAssistantLimitedTokenSeesOnlyItsOwn()
    {
        var assistant = Marker();
        var sender = await ConversationAsync("roles", assistant);
        using var view = factory.CreateClient(ApiRole.View);
        using var other = factory.CreateClient(ApiRole.Manage, "another-" + assistant);
        using var own = factory.CreateClient(ApiRole.Manage, assistant);

        Assert.Equal(HttpStatusCode.Forbidden, (await PutStatusAsync(sender, """{"review_status":"reviewed"}""", view)).StatusCode);
        await ProblemAssert.IsAsync(await PutStatusAsync(sender, """{"review_status":"reviewed"}""", other), HttpStatusCode.NotFound, field: null);
        Assert.Equal("unread", await ListedStatusAsync(sender, assistant));
        Assert.Equal(HttpStatusCode.NoContent, (await PutStatusAsync(sender, """{"review_status":"reviewed"}""", own)).StatusCode);
        Assert.Equal("reviewed", await ListedStatusAsync(sender, assistant));
    }

    [ContractFact]
    public async Task ListingFilter_AndCounts_FollowTheStatuses()
    {
        var assistant = Marker();
        var a = await ConversationAsync("a", assistant);
        var b = await ConversationAsync("b", assistant);
        var c = await ConversationAsync("c", assistant);
        await PutStatusAsync(a, """{"review_status":"reviewed"}""");
        await PutStatusAsync(b, """{"review_status":"saved_for_later"}""");

        Assert.Equal([a], await ListAsync($"assistant={assistant}&review_status=reviewed"));
        Assert.Equal([c, a], await ListAsync($"assistant={assistant}&review_status=unread,%20reviewed,unread"));
        Assert.Equal([c, b, a], await ListAsync($"assistant={assistant}&review_status=unread,reviewed,saved_for_later"));
        Assert.Equal([c, b, a], await ListAsync($"assistant={assistant}&review_status="));
        var counts = await GetJsonAsync($"/api/conversationReviewStatuses?assistant={assistant}");
        Assert.Equal(
            [("unread", 1L), ("reviewed", 1L), ("saved_for_later", 1L)],
            counts.EnumerateArray().Select(e => (e.GetProperty("review_status").GetString()!, e.GetProperty("conversations").GetInt64())));

        await PutStatusAsync(c, """{"review_status":"saved_for_later"}""");

        Assert.Equal([c, b], await ListAsync($"assistant={assistant}&review_status=saved_for_later"));
        Assert.Equal(
            [0L, 1L, 2L],
            (await GetJsonAsync($"/api/conversationReviewStatuses?assistant={assistant}")).EnumerateArray().Select(e => e.GetProperty("conversations").GetInt64()));
    }

    [ContractTheory]
    [InlineData("review_status=read")]
    [InlineData("review_status=reviewed,REVIEWED")]
    [InlineData("review_status=reviewed,saved")]
    public async Task ListingFilter_UnknownStatus_Is400NamingIt(string query)
    {
        using var response = await _client.GetAsync(new Uri($"/api/conversations?{query}", UriKind.Relative));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "review_status");
    }

    [ContractFact]
    public async Task InProgress_FollowsEndedSessionsAndTheClock()
    {
        var assistant = Marker();
        var now = factory.Clock.GetCurrentInstant();
        double Ago(int minutes) => (now - Duration.FromMinutes(minutes)).ToUnixTimeTicks() / (double)NodaConstants.TicksPerSecond;
        var recent = await ConversationAsync("recent", assistant, Ago(30));
        var old = await ConversationAsync("old", assistant, Ago(90));
        var ended = await ConversationAsync("ended", assistant, Ago(10));
        await AppendAsync(ended, $$"""{"event":"session_ended","timestamp":{{Ago(9)}}}""");
        await WaitForMetadataAsync();

        Assert.Equal([recent], await ListAsync($"assistant={assistant}&in_progress=true"));
        Assert.Equal([ended, old], await ListAsync($"assistant={assistant}&in_progress=false"));

        factory.Clock.Advance(Duration.FromMinutes(45));
        try
        {
            Assert.Empty(await ListAsync($"assistant={assistant}&in_progress=true"));
            Assert.Equal([ended, recent, old], await ListAsync($"assistant={assistant}&in_progress=false"));
        }
        finally
        {
            factory.Clock.Advance(Duration.FromMinutes(-45));
        }
    }

    [ContractFact]
    public async Task Slots_FilterNamesAndValues_OverTheAssistantsConversations()
    {
        var assistant = Marker();
        var a = await ConversationAsync("slots-a", assistant);
        var b = await ConversationAsync("slots-b", assistant);
        await AppendAsync(a, """[{"event":"slot","name":"city","value":"Berlin","timestamp":11},{"event":"slot","name":"city","value":"Bern","timestamp":12}]""");
        await AppendAsync(b, """[{"event":"slot","name":"city","value":{"name":"Berlin","zip":10115},"timestamp":11},{"event":"slot","name":"size","value":3,"timestamp":12},{"event":"slot","name":"requested_slot","value":"city","timestamp":13}]""");
        await WaitForMetadataAsync();

        Assert.Equal([a], await ListAsync($"assistant={assistant}&slots=city:BERN%22"));
        Assert.Equal([b, a], await ListAsync($"assistant={assistant}&slots=city:berlin"));
        Assert.Equal([b], await ListAsync($"assistant={assistant}&slots=size:3,city:zip"));
        Assert.Equal([b, a], await ListAsync($"assistant={assistant}&slots=city:berlin&in_progress=false&review_status=unread"));
        Assert.Equal(["city", "size"], (await GetJsonAsync($"/api/conversations/slotNames?assistant={assistant}")).EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(
            """["Berlin","Bern",{"name":"Berlin","zip":10115}]""",
            (await GetJsonAsync($"/api/conversations/slotValues?assistant={assistant}&slot=city")).GetRawText());
        Assert.Equal(
            """[{"name":"Berlin","zip":10115}]""",
            (await GetJsonAsync($"/api/conversations/slotValues?assistant={assistant}&q=ZIP")).GetRawText());
        Assert.Equal(
            """["Berlin","Bern"]""",
            (await GetJsonAsync($"/api/conversations/slotValues?assistant={assistant}&limit=2")).GetRawText());
    }

    [ContractFact]
    public async Task HasCorrections_FollowsEachCorrection()
    {
        var assistant = Marker();
        var a = await ConversationAsync("corrected-a", assistant);
        var b = await ConversationAsync("corrected-b", assistant);
        Assert.Equal([b, a], await ListAsync($"assistant={assistant}&has_corrections=false"));

        using (var put = await _client.PutAsync(
            new Uri($"/api/conversations/{a}/messages/10/intent", UriKind.Relative),
            new StringContent("""{"intent":"goodbye"}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        Assert.Equal([a], await ListAsync($"assistant={assistant}&has_corrections=true"));
        Assert.Equal([b], await ListAsync($"assistant={assistant}&has_corrections=false"));
        Assert.Equal([a], await ListAsync($"assistant={assistant}&has_corrections=true&review_status=unread&in_progress=false"));

        using (var delete = await _client.DeleteAsync(new Uri($"/api/conversations/{a}/messages/10/intent", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        }

        Assert.Empty(await ListAsync($"assistant={assistant}&has_corrections=true"));
    }

    [ContractTheory]
    [InlineData("/api/conversations?slots=city", "slots")]
    [InlineData("/api/conversations?slots=city:", "slots")]
    [InlineData("/api/conversations?slots=:berlin", "slots")]
    [InlineData("/api/conversations?slots=city:berlin,size", "slots")]
    [InlineData("/api/conversations/slotValues?limit=0", "limit")]
    [InlineData("/api/conversations/slotValues?limit=1001", "limit")]
    [InlineData("/api/conversations/slotValues?slot=%01", "slot")]
    public async Task Slots_MalformedInput_Is400NamingIt(string path, string field)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, field);
    }

    private async Task<string> ConversationAsync(string name, string assistant, double timestamp = 10)
    {
        var sender = $"{name}-{assistant}";
        using var response = await _client.PutAsync(
            new Uri($"/api/conversations/{sender}/tracker", UriKind.Relative),
            new StringContent(
                $$$$"""[{"event":"user","timestamp":{{{{timestamp}}}},"text":"hi","metadata":{"assistant_id":"{{{{assistant}}}}"},"parse_data":{"intent":{"name":"greet","confidence":0.9}}}]""",
                Encoding.UTF8,
                "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await WaitForMetadataAsync();
        return sender;
    }

    private async Task AppendAsync(string sender, string json)
    {
        using var response = await _client.PostAsync(
            new Uri($"/api/conversations/{sender}/tracker/events", UriKind.Relative),
            new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private Task<HttpResponseMessage> PutStatusAsync(string sender, string body, HttpClient? client = null) =>
        (client ?? _client).PutAsync(
            new Uri($"/api/conversations/{sender}/reviewStatus", UriKind.Relative),
            new StringContent(body, Encoding.UTF8, "application/json"));

    private async Task<string?> ListedStatusAsync(string sender, string assistant)
    {
        var page = await GetJsonAsync($"/api/conversations?assistant={assistant}&limit=1000");
        return page.EnumerateArray().Single(e => e.GetProperty("sender_id").GetString() == sender).GetProperty("review_status").GetString();
    }

    private async Task<List<string>> ListAsync(string query)
    {
        var page = await GetJsonAsync($"/api/conversations?{query}");
        return [.. page.EnumerateArray().Select(e => e.GetProperty("sender_id").GetString()!)];
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Waits until the metadata job has emptied the queue: the listing then shows every write.</summary>
    private async Task WaitForMetadataAsync()
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (JsonDocument.Parse(await _client.GetStringAsync(new Uri("/api/admin/metadata", UriKind.Relative))).RootElement.GetProperty("pending").GetInt64() != 0)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "the metadata job did not catch up within 60 s");
            await Task.Delay(50);
        }
    }

    private static string Marker() => "r" + Guid.NewGuid().ToString("N")[..12];
}

public sealed class SqliteReviewsApiTests(SqliteApiFactory factory) : ReviewsApiTests<SqliteApiFactory>(factory);

[RequiresPostgreSql]
public sealed class PostgreSqlReviewsApiTests(PostgreSqlApiFactory factory) : ReviewsApiTests<PostgreSqlApiFactory>(factory);
