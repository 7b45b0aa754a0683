using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using RasaPlatform.Testing;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Api.Tests;

/// <summary>
/// Regression tests for what a hostile or broken client sent and once got a 500, a poison event stored, or an empty
/// error body for: each is a 4xx problem+json naming the field, and nothing stored changes.
/// </summary>
public abstract class HostileInputApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private readonly HttpClient _client = factory.CreateClient();

    [ContractTheory]
    [MemberData(nameof(HostileInputs.BadTimeQueries), MemberType = typeof(HostileInputs))]
    public async Task QueryTime_OutOfRangeOrNotFinite_Is400NamingIt(string path, string field)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, field);
    }

    [ContractTheory]
    [InlineData("0001-01-01", "9999-12-31T23:59:59Z")]
    [InlineData("-62135596800", "253402300799")]
    public async Task QueryTime_AtTheEndsOfTheRange_IsAccepted(string start, string until)
    {
        using var listing = await _client.GetAsync(new Uri($"/api/conversations?start={start}&until={until}", UriKind.Relative));
        using var raw = await _client.GetAsync(new Uri($"/api/rawConversations?assistantName=default&fromTime={start}&toTime={until}", UriKind.Relative));
        using var statistics = await _client.GetAsync(new Uri($"/api/statistics?start={start}&until={until}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, listing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        Assert.Equal(HttpStatusCode.OK, statistics.StatusCode);
    }

    [ContractTheory]
    [InlineData("/tracker")]
    [InlineData("/events")]
    [InlineData("/messages")]
    [InlineData("/debug-dump.json")]
    [InlineData("/debug-dump.md")]
    public async Task Until_NotFinite_Is400NamingIt(string read)
    {
        var sender = await StoredAsync("until");
        foreach (var value in new[] { "NaN", "Infinity", "-Infinity", "1e999" })
        {
            using var response = await _client.GetAsync(new Uri($"/api/conversations/{sender}{read}?until={value}", UriKind.Relative));

            await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "until");
        }
    }

    [ContractTheory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e999")]
    public async Task ConfidenceFilter_NotFinite_Is400NamingIt(string value)
    {
        using var response = await _client.GetAsync(new Uri($"/api/conversations?maximumConfidence={value}", UriKind.Relative));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "maximumConfidence");
    }

    [ContractTheory]
    [InlineData("1e300")]
    [InlineData("-1e300")]
    [InlineData("9223372036854775808")]
    [InlineData("18446744073709551616")]
    [InlineData("1e30")]
    [InlineData("-1")]
    [InlineData("253402128000.5")]
    public async Task EventTimestamp_OutsideTheAcceptedRange_Is400AndStoresNothing(string timestamp)
    {
        var sender = await StoredAsync("poison");
        var before = await EventsAsync(sender);

        using var post = await _client.PostAsync(Path(sender, "/tracker/events"), Json($$"""[{"event":"action","name":"a","timestamp":5},{"event":"user","text":"x","timestamp":{{timestamp}}}]"""));
        using var put = await _client.PutAsync(Path(sender, "/tracker"), Json($$"""[{"event":"user","text":"x","timestamp":{{timestamp}}}]"""));

        await ProblemAssert.IsAsync(post, HttpStatusCode.BadRequest, "body[1].timestamp");
        await ProblemAssert.IsAsync(put, HttpStatusCode.BadRequest, "body[0].timestamp");
        Assert.Equal(before, await EventsAsync(sender));
        using var analytics = await _client.GetAsync(new Uri("/api/analytics?start=0&end=1767225600", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, analytics.StatusCode);
    }

    [ContractTheory]
    [InlineData("0")]
    [InlineData("253402128000")]
    public async Task EventTimestamp_AtTheEndsOfTheRange_IsStoredAndAnalysed(string timestamp)
    {
        var sender = Unique("edge");

        using var put = await _client.PutAsync(Path(sender, "/tracker"), Json($$"""[{"event":"user","text":"x","timestamp":{{timestamp}}}]"""));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        using var tz = await _client.GetAsync(new Uri("/api/analytics?start=9999-12-01&end=9999-12-30&window=1d&tz=Pacific%2FKiritimati", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, tz.StatusCode);
    }

    [ContractTheory]
    [InlineData("PUT", "/api/conversations/{0}/tracker", """[{"event":"user","text":"hi","timestamp":1}]""")]
    [InlineData("POST", "/api/conversations/{0}/tracker/events", """{"event":"user","text":"hi","timestamp":1}""")]
    [InlineData("POST", "/api/conversations/delete", """{"conversation_ids":["{0}"]}""")]
    [InlineData("POST", "/api/conversationTags", """{"assistantName":"default","name":"t"}""")]
    public async Task JsonBody_InACharsetOtherThanUtf8_Is415NamingContentTypeAndChangesNothing(string method, string path, string body)
    {
        var sender = await StoredAsync("charset");
        var before = await EventsAsync(sender);
        var tagsBefore = await TextAsync("/api/conversationTags?assistantName=default");
        foreach (var charset in new[] { "utf-16", "UTF-32", "iso-8859-1", "utf8", "us-ascii", "bogus", "" })
        {
            // UTF-8 bytes declared as another charset: what broken clients send.
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.Replace("{0}", sender, StringComparison.Ordinal)));
            content.Headers.TryAddWithoutValidation("Content-Type", $"application/json; charset={charset}");
            using var request = new HttpRequestMessage(new HttpMethod(method), string.Format(System.Globalization.CultureInfo.InvariantCulture, path, sender)) { Content = content };

            using var response = await _client.SendAsync(request);

            await ProblemAssert.IsAsync(response, HttpStatusCode.UnsupportedMediaType, "Content-Type");
        }

        Assert.Equal(before, await EventsAsync(sender));
        Assert.Equal(tagsBefore, await TextAsync("/api/conversationTags?assistantName=default"));
    }

    [ContractFact]
    public async Task JsonBody_DeclaredUtf8_IsAccepted()
    {
        foreach (var charset in new[] { "utf-8", "UTF-8", "\"utf-8\"" })
        {
            var content = new StringContent("""{"event":"user","text":"hi","timestamp":1}""", Encoding.UTF8);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse($"application/json; charset={charset}");

            using var response = await _client.PostAsync(Path(Unique("utf8"), "/tracker/events"), content);

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{charset}: {(int)response.StatusCode}");
        }
    }

    [ContractTheory]
    [InlineData("""{"event":"user","timestamp":1,"text":"\ud83d"}""", "body.text")]
    [InlineData("""{"event":"user","timestamp":1,"text":"ok","metadata":{"assistant_id":"a\udc00b"}}""", "body.metadata.assistant_id")]
    [InlineData("""{"event":"user","timestamp":1,"parse_data":{"entities":[{"value":"x"},{"value":"\ud83d\ud83d"}]}}""", "body.parse_data.entities[1].value")]
    [InlineData("""[{"event":"user","timestamp":1},{"event":"bot","timestamp":2,"text":"\udfff"}]""", "body[1].text")]
    public Task LoneSurrogateEscape_Is400NamingTheFieldAndStoresNothing(string body, string field) => AssertAppendRefusedAsync(body, field);

    [ContractTheory]
    [InlineData("""{"event":"user","timestamp":1,"text":"a\u0000b"}""", "body.text")]
    [InlineData("""{"event":"us\u0000er","timestamp":1}""", "body.event")]
    [InlineData("""{"event":"action","timestamp":1,"name":"x","policy":{"p\u0000":1}}""", "body.policy.p\u0000")]
    public Task NulCharacter_InAnEvent_Is400NamingTheFieldAndStoresNothing(string body, string field) => AssertAppendRefusedAsync(body, field);

    [ContractTheory]
    [InlineData("/api/conversations?intent=a%00b", "intent")]
    [InlineData("/api/conversations?tags=%01", "tags")]
    [InlineData("/api/conversations?text=a%00", "text")]
    [InlineData("/api/conversations?assistant=%00", "assistant")]
    [InlineData("/api/conversationIntents?assistant=a%00", "assistant")]
    [InlineData("/api/statistics?assistant=%00", "assistant")]
    [InlineData("/api/rawConversations?assistantName=default&tags=%00", "tags")]
    public async Task QueryName_WithAControlCharacter_Is400NamingIt(string path, string field)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, field);
    }

    [ContractFact]
    public async Task SurrogatePairEscape_IsText_AndStored()
    {
        var sender = Unique("pair");

        using var response = await _client.PostAsync(Path(sender, "/tracker/events"), Json("""{"event":"user","timestamp":1,"text":"\ud83d\ude00"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = JsonDocument.Parse(await EventsAsync(sender)).RootElement;
        Assert.Equal("\U0001F600", events[0].GetProperty("text").GetString());
    }

    [ContractTheory]
    [InlineData("[null]", "body[0]")]
    [InlineData("""[{"event":"user","timestamp":1},null]""", "body[1]")]
    public async Task PutTracker_NullItem_Is400NamingItAndChangesNothing(string body, string field)
    {
        var sender = await StoredAsync("nullitem");
        var before = await EventsAsync(sender);

        using var response = await _client.PutAsync(Path(sender, "/tracker"), Json(body));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await EventsAsync(sender));
    }

    [ContractTheory]
    [MemberData(nameof(HostileInputs.BadAssistantIds), MemberType = typeof(HostileInputs))]
    public Task AssistantId_ThatCouldNotNameAnAssistant_Is400NamingItAndStoresNothing(string assistantId) => AssertAppendRefusedAsync(
        $$$"""[{"event":"user","timestamp":2},{"event":"user","timestamp":3,"metadata":{"assistant_id":{{{assistantId}}}}}]""",
        "body[1].metadata.assistant_id");

    [ContractFact]
    public async Task AssistantId_OfTheLongestAcceptedName_OrNull_IsStored()
    {
        var longest = new string('b', 200);
        var sender = Unique("longest");

        using var named = await _client.PostAsync(Path(sender, "/tracker/events"), Json($$$"""{"event":"user","timestamp":2,"metadata":{"assistant_id":"{{{longest}}}"}}"""));
        using var unnamed = await _client.PostAsync(Path(sender, "/tracker/events"), Json("""{"event":"user","timestamp":3,"metadata":{"assistant_id":null}}"""));

        Assert.Equal(HttpStatusCode.OK, named.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unnamed.StatusCode);
    }

    [ContractTheory]
    [MemberData(nameof(HostileInputs.ErrorsUnderAnyAccept), MemberType = typeof(HostileInputs))]
    public async Task Errors_AreProblemJson_WhateverAcceptSays(string accept, string path, string status)
    {
        using var request = new HttpRequestMessage(status == "405" ? HttpMethod.Delete : HttpMethod.Get, path.Replace("?token", "", StringComparison.Ordinal));
        request.Headers.TryAddWithoutValidation("Accept", accept);

        using var response = await _client.SendAsync(request);

        Assert.Equal(int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), (int)response.StatusCode);
        await AssertProblemAsync(response);
    }

    [ContractTheory]
    [InlineData("application/xml")]
    [InlineData("text/html")]
    public async Task BodyValidationAndAuthenticationErrors_AreProblemJson_WhateverAcceptSays(string accept)
    {
        using var invalid = new HttpRequestMessage(HttpMethod.Post, $"/api/conversations/{Unique("accept")}/tracker/events") { Content = Json("""{"timestamp":1}""") };
        invalid.Headers.TryAddWithoutValidation("Accept", accept);
        using var anonymous = new HttpRequestMessage(HttpMethod.Get, "/api/conversations");
        anonymous.Headers.TryAddWithoutValidation("Accept", accept);
        using var noToken = factory.CreateClientWith(null);

        using var invalidResponse = await _client.SendAsync(invalid);
        using var anonymousResponse = await noToken.SendAsync(anonymous);

        Assert.Equal(HttpStatusCode.BadRequest, invalidResponse.StatusCode);
        await AssertProblemAsync(invalidResponse);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousResponse.StatusCode);
        await AssertProblemAsync(anonymousResponse);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{(int)response.StatusCode} {response.Content.Headers.ContentType}: '{text}'");
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)response.StatusCode, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("type").GetString()), text);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()), text);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()), text);
    }

    /// <summary>Appending <paramref name="body"/> to a stored conversation is a 400 naming <paramref name="field"/> and changes nothing.</summary>
    private async Task AssertAppendRefusedAsync(string body, string field)
    {
        var sender = await StoredAsync("refused");
        var before = await EventsAsync(sender);

        using var response = await _client.PostAsync(Path(sender, "/tracker/events"), Json(body));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await EventsAsync(sender));
    }

    private async Task<string> StoredAsync(string prefix)
    {
        var sender = Unique(prefix);
        using var response = await _client.PutAsync(Path(sender, "/tracker"), Json("""[{"event":"user","text":"hello","timestamp":1700000000}]"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return sender;
    }

    private Task<string> EventsAsync(string sender) => TextAsync($"/api/conversations/{sender}/events");

    private async Task<string> TextAsync(string path)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static Uri Path(string sender, string suffix) => new($"/api/conversations/{sender}{suffix}", UriKind.Relative);

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}

public sealed class SqliteHostileInputApiTests(SqliteApiFactory factory) : HostileInputApiTests<SqliteApiFactory>(factory);

[RequiresPostgreSql]
public sealed class PostgreSqlHostileInputApiTests(PostgreSqlApiFactory factory) : HostileInputApiTests<PostgreSqlApiFactory>(factory);

/// <summary>The hostile values of <see cref="HostileInputApiTests{TFactory}"/>'s theories.</summary>
public static class HostileInputs
{
    /// <summary>Query times beyond year 9999 once overflowed NodaTime; non-finite ones were read as numbers.</summary>
    private static readonly (string Path, string Field)[] TimeParameters =
    [
        ("/api/conversations?start={0}", "start"),
        ("/api/conversations?until={0}", "until"),
        ("/api/rawConversations?assistantName=default&fromTime={0}", "fromTime"),
        ("/api/rawConversations?assistantName=default&toTime={0}", "toTime"),
        ("/api/statistics?start={0}", "start"),
        ("/api/statistics?until={0}", "until"),
        ("/api/analytics?start={0}&end=1767225600", "start"),
        ("/api/analytics?start=0&end={0}", "end"),
    ];

    private static readonly string[] BadTimes = ["253402300800", "1e12", "999999999999.5", "-62135596801", "NaN", "Infinity", "-Infinity", "1e999", "10000-01-01"];

    /// <summary>Every combination of <see cref="TimeParameters"/> and <see cref="BadTimes"/>.</summary>
    public static TheoryData<string, string> BadTimeQueries()
    {
        var data = new TheoryData<string, string>();
        foreach (var (path, field) in TimeParameters)
        {
            foreach (var time in BadTimes)
            {
                data.Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, Uri.EscapeDataString(time)), field);
            }
        }

        return data;
    }

    public static TheoryData<string> BadAssistantIds() => new()
    {
        "\"\"",
        $"\"{new string('a', 201)}\"",
        $"\"{new string('a', 10_000)}\"",
        "\"a\\u0000b\"",
        "\"tab\\there\"",
        "\"line\\nbreak\"",
        "5",
        "true",
        "[\"a\"]",
        "{\"name\":\"a\"}",
    };

    public static TheoryData<string, string, string> ErrorsUnderAnyAccept()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var accept in new[] { "application/xml", "text/markdown", "text/html", "image/png", "text/plain;q=0.5, application/xml" })
        {
            data.Add(accept, "/api/conversations?start=abc", "400");
            data.Add(accept, "/api/conversations?maximumConfidence=abc", "400");
            data.Add(accept, "/api/statistics?limit=0", "400");
            data.Add(accept, "/api/conversations/nobody-here/tracker", "404");
            data.Add(accept, "/api/conversations/nobody-here/debug-dump.md", "404");
            data.Add(accept, "/api/no-such-route", "404");
            data.Add(accept, "/api/version?token", "405");
        }

        return data;
    }
}
