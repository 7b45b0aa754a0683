using System.Net;
using System.Text;
using System.Text.Json;
using RasaPlatform.Testing;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Api.Tests;

/// <summary>The JSON and Markdown debug dumps through the real pipeline; subclasses choose the store.</summary>
public abstract class DumpsApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private const string Conversation = """
        [{"event":"action","name":"action_listen","timestamp":1},
         {"event":"user","text":"hi","timestamp":2,"parse_data":{"intent":{"name":"greet","confidence":0.9}}},
         {"event":"bot","text":"hello","timestamp":3},
         {"event":"restart","timestamp":4},
         {"event":"user","text":"again","timestamp":5,"parse_data":{"intent":{"name":"greet","confidence":0.8}}},
         {"event":"slot","name":"mood","value":"great","timestamp":6}]
        """;

    private readonly HttpClient _client = factory.CreateClient();

    [ContractTheory]
    [InlineData("")]
    [InlineData("?until=5")]
    [InlineData("?use_history=false")]
    [InlineData("?until=5&use_history=false")]
    public async Task Json_IsTheConversationWithIsFlaggedOnEveryEvent(string query)
    {
        var sender = await ConversationAsync("json");
        await FlagAsync(sender, "5");

        var response = await _client.GetAsync(Path(sender, "/debug-dump.json" + query));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{sender}-dump.json", response.Content.Headers.ContentDisposition?.FileNameStar);
        var dump = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var conversation = await GetJsonAsync(Path(sender, query));
        var events = dump.GetProperty("events").EnumerateArray().ToList();
        Assert.All(events, e => Assert.Equal(e.GetProperty("timestamp").GetDouble() == 5, e.GetProperty("is_flagged").GetBoolean()));
        Assert.Equal("[]", dump.GetProperty("corrected_messages").GetRawText());
        Assert.True(JsonAssert.DeepEquals(conversation, WithoutIsFlagged(dump)), dump.GetRawText());
    }

    [ContractFact]
    public async Task Json_CarriesTheCorrections_OnTheirUserMessagesAndAsAList()
    {
        var sender = await ConversationAsync("json-corrected");
        await CorrectAsync(sender, "5", "goodbye");
        await CorrectAsync(sender, "2", "hello");

        var dump = JsonDocument.Parse(await _client.GetStringAsync(Path(sender, "/debug-dump.json"))).RootElement;

        JsonAssert.Equal(
            """[{"message_timestamp":2,"intent":"hello"},{"message_timestamp":5,"intent":"goodbye"}]""",
            dump.GetProperty("corrected_messages").GetRawText());
        var corrected = dump.GetProperty("events").EnumerateArray()
            .Select(e => e.TryGetProperty("corrected_intent", out var c) ? c.GetString() : null).ToList();
        Assert.Equal([null, "hello", null, null, "goodbye", null], corrected);
        Assert.Equal("greet", dump.GetProperty("events")[1].GetProperty("parse_data").GetProperty("intent").GetProperty("name").GetString());
    }

    [ContractFact]
    public async Task Markdown_ShowsTheCorrectionBesideTheOriginalIntent()
    {
        var sender = await ConversationAsync("md-corrected");
        await CorrectAsync(sender, "5", "goodbye");

        var markdown = await _client.GetStringAsync(Path(sender, "/debug-dump.md"));

        var lines = markdown.Split('\n');
        Assert.Contains(lines, l => l.Contains("| again |", StringComparison.Ordinal)
            && l.Contains("intent greet (0.8); **corrected to goodbye**", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains("corrected to", StringComparison.Ordinal));
    }

    [ContractTheory]
    [InlineData("", 6, "greet", "again")]
    [InlineData("?until=3", 3, "greet", "hi")]
    [InlineData("?use_history=false", 2, "greet", "again")]
    public async Task Markdown_HoldsTheSelectedEvents(string query, int events, string intent, string lastUserText)
    {
        var sender = await ConversationAsync("md");
        await FlagAsync(sender, "2");

        var response = await _client.GetAsync(Path(sender, "/debug-dump.md" + query));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{sender}-story.md", response.Content.Headers.ContentDisposition?.FileNameStar);
        var markdown = await response.Content.ReadAsStringAsync();
        Assert.Contains($"| events | {events} |", markdown, StringComparison.Ordinal);
        Assert.Contains($"| intents | {intent} |", markdown, StringComparison.Ordinal);
        Assert.Contains($"  - user: |\n      {lastUserText}\n    intent: greet\n", markdown, StringComparison.Ordinal);
        Assert.Equal(query.Contains("use_history", StringComparison.Ordinal) ? 0 : 1, markdown.Split('\n').Count(l => l.EndsWith("| **flagged** |", StringComparison.Ordinal)));
    }

    [ContractTheory]
    [InlineData("/debug-dump.json")]
    [InlineData("/debug-dump.md")]
    public async Task UnknownConversation_Is404Problem(string dump)
    {
        var response = await _client.GetAsync(Path(Unique("nobody"), dump));

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, field: null);
    }

    [ContractTheory]
    [InlineData("/debug-dump.json", "abc")]
    [InlineData("/debug-dump.json", "1,5")]
    [InlineData("/debug-dump.md", "2x")]
    [InlineData("/debug-dump.md", "1%2C5")]
    public async Task BadUntil_Is400NamingIt(string dump, string until)
    {
        var sender = await ConversationAsync("until");

        var response = await _client.GetAsync(Path(sender, $"{dump}?until={until}"));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "until");
    }

    [ContractTheory]
    [InlineData("/debug-dump.json", "a\nb")]
    [InlineData("/debug-dump.md", "a\r\nb")]
    [InlineData("/debug-dump.md", "bell\u0007")]
    [InlineData("/debug-dump.json", "del\u007f")]
    public async Task SenderIdWithControlCharacters_Is400NamingIt_Not500(string dump, string sender)
    {
        var response = await _client.GetAsync(Path(sender, dump));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "sender_id");
    }

    [ContractTheory]
    [InlineData("say \"hi\"", "say _hi_")]
    [InlineData("a/b", "a_b")]
    [InlineData("back\\slash", "back_slash")]
    [InlineData("café ünï 日本", "caf_ _n_ __")]
    [InlineData("wave 👋", "wave _")]
    [InlineData("semi;colon=x, 'q' %41", "semi;colon=x, 'q' %41")]
    [InlineData("line\u2028separator", "line_separator")]
    public async Task AnySenderId_GetsAnAsciiFilenameAndTheExactFilenameStar(string sender, string fallback)
    {
        await PutTrackerAsync(sender, Conversation);
        foreach (var (dump, suffix) in new[] { ("/debug-dump.json", "-dump.json"), ("/debug-dump.md", "-story.md") })
        {
            var response = await _client.GetAsync(Path(sender, dump));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var disposition = response.Content.Headers.ContentDisposition!;
            Assert.Equal("attachment", disposition.DispositionType);
            Assert.Equal(sender + suffix, disposition.FileNameStar);
            Assert.Equal(fallback + suffix, disposition.FileName);
            var raw = response.Content.Headers.GetValues("Content-Disposition").Single();
            Assert.StartsWith($"attachment; filename=\"{fallback}{suffix}\"; filename*=UTF-8''", raw, StringComparison.Ordinal);
            Assert.All(raw, c => Assert.InRange(c, ' ', '~'));
        }
    }

    [ContractFact]
    public async Task LongConversation_BothDumpsHoldEveryEvent()
    {
        const int Events = 12_000;
        var sender = Unique("long");
        for (var start = 0; start < Events; start += 1000)
        {
            var batch = "[" + string.Join(",", Enumerable.Range(start, 1000).Select(i => i % 2 == 0
                ? "{\"event\":\"user\",\"text\":\"m" + i + "\",\"timestamp\":" + i + ",\"parse_data\":{\"intent\":{\"name\":\"i" + (i % 5) + "\",\"confidence\":0.5}}}"
                : $$"""{"event":"action","name":"utter_{{i}}","timestamp":{{i}}}""")) + "]";
            var append = await _client.PostAsync(Path(sender, "/tracker/events"), new StringContent(batch, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, append.StatusCode);
        }

        var json = await GetJsonAsync(Path(sender, "/debug-dump.json"));
        var markdown = await _client.GetStringAsync(Path(sender, "/debug-dump.md"));

        Assert.Equal(Events, json.GetProperty("events").GetArrayLength());
        Assert.Equal($"utter_{Events - 1}", json.GetProperty("latest_action_name").GetString());
        Assert.Contains($"| events | {Events} |", markdown, StringComparison.Ordinal);
        Assert.Equal(Events, markdown.Split('\n').Count(l => l.StartsWith("| 1970-", StringComparison.Ordinal)));
        Assert.Equal(Events / 2, markdown.Split('\n').Count(l => l.StartsWith("    - utter_", StringComparison.Ordinal)));
    }

    private static JsonElement WithoutIsFlagged(JsonElement dump)
    {
        var copy = System.Text.Json.Nodes.JsonNode.Parse(dump.GetRawText())!.AsObject();
        foreach (var e in copy["events"]!.AsArray())
        {
            e!.AsObject().Remove("is_flagged");
        }

        copy.Remove("corrected_messages");

        return JsonDocument.Parse(copy.ToJsonString()).RootElement.Clone();
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static Uri Path(string sender, string suffix) =>
        new($"/api/conversations/{Uri.EscapeDataString(sender)}{suffix}", UriKind.Relative);

    private async Task<string> ConversationAsync(string label)
    {
        var sender = Unique(label);
        await PutTrackerAsync(sender, Conversation);
        return sender;
    }

    private async Task PutTrackerAsync(string sender, string events)
    {
        var response = await _client.PutAsync(Path(sender, "/tracker"), new StringContent(events, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task FlagAsync(string sender, string timestamp)
    {
        var response = await _client.PutAsync(Path(sender, $"/messages/{timestamp}"), content: null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private async Task CorrectAsync(string sender, string timestamp, string intent)
    {
        var response = await _client.PutAsync(
            Path(sender, $"/messages/{timestamp}/intent"),
            new StringContent($$"""{"intent":"{{intent}}"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private async Task<JsonElement> GetJsonAsync(Uri path)
    {
        var response = await _client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}

public sealed class SqliteDumpsApiTests(SqliteApiFactory factory) : DumpsApiTests<SqliteApiFactory>(factory);

[RequiresPostgreSql]
public sealed class PostgreSqlDumpsApiTests(PostgreSqlApiFactory factory) : DumpsApiTests<PostgreSqlApiFactory>(factory);
