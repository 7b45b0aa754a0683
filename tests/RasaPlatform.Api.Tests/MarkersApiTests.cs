using System.Net;
using System.Text;
using System.Text.Json;
using RasaPlatform.Core.Access;
using RasaPlatform.Testing;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Api.Tests;

/// <summary>Marker definitions and results through the real pipeline; subclasses choose the store.</summary>
/// <remarks>Tests share the service: each defines the markers of assistants of its own.</remarks>
public abstract class MarkersApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private const string TaskSuccess = """
        # what README shows
        started:
          description: The user pressed "get started" and was answered
          seq:
            - intent: get_started
            - action: utter_get_started
        no_goodbye:
          never:
            - intent: bye
        asked_faq:
          intent: faq
        """;

    private readonly HttpClient _client = factory.CreateClient();

    [ContractFact]
    public async Task Put_Yaml_StoresIt_AndGetAnswersJsonOrYamlByAccept()
    {
        var assistant = NewAssistant();

        var put = await PutAsync(_client, assistant, TaskSuccess, "application/yaml");
        var state = await JsonAsync(put, HttpStatusCode.OK);
        var got = await ServiceWrites.GetJsonAsync(_client, $"/api/markers?assistant={assistant}");
        using var yamlRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/markers?assistant={assistant}");
        yamlRequest.Headers.Accept.ParseAdd("application/yaml");
        using var yaml = await _client.SendAsync(yamlRequest);

        Assert.Equal(assistant, state.GetProperty("assistant").GetString());
        var version = state.GetProperty("version").GetInt64();
        Assert.True(version > 0);
        Assert.Equal(["started", "no_goodbye", "asked_faq"], state.GetProperty("markers").EnumerateObject().Select(p => p.Name));
        Assert.Equal("The user pressed \"get started\" and was answered", state.GetProperty("markers").GetProperty("started").GetProperty("description").GetString());
        Assert.Equal(state.GetProperty("markers").GetRawText(), got.GetProperty("markers").GetRawText());
        Assert.Equal(version, got.GetProperty("version").GetInt64());
        Assert.Equal(HttpStatusCode.OK, yaml.StatusCode);
        Assert.Equal("application/yaml", yaml.Content.Headers.ContentType?.MediaType);
        Assert.Equal(version.ToString(System.Globalization.CultureInfo.InvariantCulture), yaml.Headers.GetValues("Marker-Configuration-Version").Single());
        var yamlText = await yaml.Content.ReadAsStringAsync();
        Assert.Contains("seq:", yamlText, StringComparison.Ordinal);

        // What GET gave as YAML, put back, is the same configuration under a new version.
        var again = await JsonAsync(await PutAsync(_client, assistant, yamlText, "application/yaml"), HttpStatusCode.OK);
        Assert.Equal(state.GetProperty("markers").GetRawText(), again.GetProperty("markers").GetRawText());
        Assert.True(again.GetProperty("version").GetInt64() > version);
    }

    [ContractFact]
    public async Task Put_Json_IsTheSameStructure()
    {
        var assistant = NewAssistant();

        var state = await JsonAsync(
            await PutAsync(_client, assistant, """{"greeted": {"intent": "greet"}, "rude": {"not": [{"intent": "greet"}]}}""", "application/json"),
            HttpStatusCode.OK);

        Assert.Equal("""{"greeted":{"intent":"greet"},"rude":{"not":[{"intent":"greet"}]}}""", state.GetProperty("markers").GetRawText());
    }

    [ContractTheory]
    [InlineData("task_success:\n  and:\n    - intent: a\n    - action: b\n    - or: []\n", "task_success.and[2].or")]
    [InlineData("task_success: {intent: [a, b]}", "task_success.intent")]
    [InlineData("- intent: a", "configuration")]
    [InlineData("m: {intent: a", "configuration")]
    [InlineData("m: {Ard: [{intent: a}]}", "m")]
    public async Task Put_Invalid_Is400NamingTheNode_AndKeepsWhatWasStored(string yaml, string field)
    {
        var assistant = NewAssistant();
        var before = await JsonAsync(await PutAsync(_client, assistant, "kept: {intent: greet}", "application/yaml"), HttpStatusCode.OK);

        await ProblemAssert.IsAsync(await PutAsync(_client, assistant, yaml, "application/yaml"), HttpStatusCode.BadRequest, field);

        var after = await ServiceWrites.GetJsonAsync(_client, $"/api/markers?assistant={assistant}");
        Assert.Equal(before.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
        Assert.Equal("""{"kept":{"intent":"greet"}}""", after.GetProperty("markers").GetRawText());
    }

    [ContractFact]
    public async Task Put_BadBodies_AreRefusedWithTheirStatus()
    {
        var assistant = NewAssistant();

        await ProblemAssert.IsAsync(await PutAsync(_client, assistant, "m: {intent: a}", "text/plain"), HttpStatusCode.UnsupportedMediaType, field: null);
        await ProblemAssert.IsAsync(await PutAsync(_client, assistant, "m: {intent: a}", "application/yaml; charset=utf-16"), HttpStatusCode.UnsupportedMediaType, "Content-Type");
        using var invalidUtf8 = new ByteArrayContent([0x6d, 0x3a, 0x20, 0xff, 0xfe]);
        invalidUtf8.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/yaml");
        var response = await _client.PutAsync(new Uri($"/api/markers?assistant={assistant}", UriKind.Relative), invalidUtf8);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await ProblemAssert.IsAsync(await PutAsync(_client, "bad\u0001name", "m: {intent: a}", "application/yaml"), HttpStatusCode.BadRequest, "assistant");
        await ProblemAssert.IsAsync(await _client.GetAsync(new Uri($"/api/markers?assistant={assistant}", UriKind.Relative)), HttpStatusCode.NotFound, "assistant");
    }

    [ContractFact]
    public async Task Delete_RemovesIt_ThenIs404()
    {
        var assistant = NewAssistant();
        await JsonAsync(await PutAsync(_client, assistant, "kept: {intent: greet}", "application/yaml"), HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync(new Uri($"/api/markers?assistant={assistant}", UriKind.Relative))).StatusCode);

        await ProblemAssert.IsAsync(await _client.DeleteAsync(new Uri($"/api/markers?assistant={assistant}", UriKind.Relative)), HttpStatusCode.NotFound, "assistant");
        await ProblemAssert.IsAsync(await _client.GetAsync(new Uri($"/api/markers?assistant={assistant}", UriKind.Relative)), HttpStatusCode.NotFound, "assistant");
    }

    /// <summary>Botfront's stored conversation (shared/data/botfront/conversation.json), evaluated by the running job.</summary>
    [ContractFact]
    public async Task ConversationMarkers_OfBotfrontsConversation_ArePerSessionWithEveryMarker()
    {
        var assistant = NewAssistant();
        var sender = $"botfront-{Guid.NewGuid():N}";
        var events = JsonDocument.Parse(File.ReadAllText(SharedData.PathOf("botfront/conversation.json"))).RootElement[0]
            .GetProperty("tracker").GetProperty("events").EnumerateArray()
            .Select(e => WithAssistant(e, assistant));
        await JsonAsync(await PutAsync(_client, assistant, TaskSuccess, "application/yaml"), HttpStatusCode.OK);
        await ServiceWrites.PutAsync(_client, sender, "[" + string.Join(",", events) + "]");
        await ServiceWrites.WaitForMetadataAsync(_client);

        var results = await ServiceWrites.GetJsonAsync(_client, $"/api/conversations/{sender}/markers");

        Assert.Equal(assistant, results.GetProperty("assistant").GetString());
        Assert.False(results.GetProperty("pending").GetBoolean());
        var session = Assert.Single(results.GetProperty("sessions").EnumerateArray());
        Assert.Equal(0, session.GetProperty("session_index").GetInt32());
        Assert.Equal(1, session.GetProperty("event_index").GetInt32());
        var markers = session.GetProperty("markers");
        Assert.Equal(["started", "no_goodbye", "asked_faq"], markers.EnumerateObject().Select(p => p.Name));
        var started = Assert.Single(markers.GetProperty("started").EnumerateArray());
        Assert.Equal((5, 1), (started.GetProperty("event_index").GetInt32(), started.GetProperty("preceding_user_turns").GetInt32()));
        Assert.Equal(1, Assert.Single(markers.GetProperty("no_goodbye").EnumerateArray()).GetProperty("event_index").GetInt32());
        Assert.Empty(markers.GetProperty("asked_faq").EnumerateArray());
    }

    [ContractFact]
    public async Task ConversationMarkers_WithoutMarkers_HasNoVersionAndNoSessions_UnknownIs404()
    {
        var sender = $"plain-{Guid.NewGuid():N}";
        await ServiceWrites.PutAsync(_client, sender, """[{"event": "user", "timestamp": 1, "metadata": {"assistant_id": "no-markers-here"}}]""");

        var results = await ServiceWrites.GetJsonAsync(_client, $"/api/conversations/{sender}/markers");

        Assert.Equal(JsonValueKind.Null, results.GetProperty("version").ValueKind);
        Assert.Empty(results.GetProperty("sessions").EnumerateArray());
        await ProblemAssert.IsAsync(await _client.GetAsync(new Uri($"/api/conversations/nobody-{Guid.NewGuid():N}/markers", UriKind.Relative)), HttpStatusCode.NotFound, field: null);
    }

    [ContractFact]
    public async Task Listing_MarkerAndMarkerNot_MatchTheCurrentConfigurationOnly_OnTheIndexAndOnTheStore()
    {
        var assistant = NewAssistant();
        var started = $"started-{Guid.NewGuid():N}";
        var plain = $"plain-{Guid.NewGuid():N}";
        await JsonAsync(await PutAsync(_client, assistant, TaskSuccess, "application/yaml"), HttpStatusCode.OK);
        await ServiceWrites.PutAsync(_client, started, $$$"""
            [{"event": "user", "timestamp": 1, "parse_data": {"intent": {"name": "get_started"}}, "metadata": {"assistant_id": "{{{assistant}}}"}},
             {"event": "action", "timestamp": 2, "name": "utter_get_started"}]
            """);
        await ServiceWrites.PutAsync(_client, plain, $$$"""[{"event": "user", "timestamp": 1, "text": "hi", "metadata": {"assistant_id": "{{{assistant}}}"}}]""");
        await ServiceWrites.WaitForMetadataAsync(_client);
        var tag = await JsonAsync(
            await _client.PostAsync(
                new Uri("/api/conversationTags", UriKind.Relative),
                new StringContent($$"""{"assistantName": "{{assistant}}", "name": "both"}""", Encoding.UTF8, "application/json")),
            HttpStatusCode.Created);
        var tagId = tag.GetProperty("id").GetInt64();
        foreach (var sender in new[] { started, plain })
        {
            Assert.Equal(HttpStatusCode.NoContent, (await _client.PutAsync(new Uri($"/api/conversations/{sender}/tags/{tagId}", UriKind.Relative), null)).StatusCode);
        }

        // The index answers without tags; the store's SQL answers with them.
        foreach (var extra in new[] { "", $"&tags_any={tagId}" })
        {
            Assert.Equal([started], await ListAsync($"marker=started{extra}"));
            Assert.Equal([started], await ListAsync($"marker=asked_faq,started{extra}"));
            Assert.Equal([plain], await ListAsync($"marker_not=started{extra}"));
            Assert.Equal([plain, started], await ListAsync($"marker_not=asked_faq{extra}"));
            Assert.Empty(await ListAsync($"marker=nobody_defines_this{extra}"));
            Assert.Empty(await ListAsync($"marker=started&marker_not=no_goodbye{extra}"));
        }

        using (var response = await _client.GetAsync(new Uri($"/api/conversations?assistant={assistant}&marker=started", UriKind.Relative)))
        {
            var version = (await ServiceWrites.GetJsonAsync(_client, $"/api/markers?assistant={assistant}")).GetProperty("version").GetInt64();
            Assert.Contains($"{assistant}={version}", response.Headers.GetValues("Marker-Configuration-Versions").Single().Split(','));
        }

        // A new configuration without the marker: the old results never match, before or after its evaluation.
        await JsonAsync(await PutAsync(_client, assistant, "asked_faq: {intent: faq}", "application/yaml"), HttpStatusCode.OK);
        Assert.Empty(await ListAsync("marker=started"));
        await ServiceWrites.WaitForMetadataAsync(_client);
        Assert.Empty(await ListAsync("marker=started"));
        Assert.Equal([plain, started], await ListAsync("marker_not=started"));
        await ProblemAssert.IsAsync(await _client.GetAsync(new Uri("/api/conversations?marker=a,%02", UriKind.Relative)), HttpStatusCode.BadRequest, "marker");
        await ProblemAssert.IsAsync(await _client.GetAsync(new Uri("/api/conversations?marker_not=%01", UriKind.Relative)), HttpStatusCode.BadRequest, "marker_not");

        async Task<List<string>> ListAsync(string query)
        {
            var page = await ServiceWrites.GetJsonAsync(_client, $"/api/conversations?assistant={assistant}&{query}");
            return [.. page.EnumerateArray().Select(c => c.GetProperty("sender_id").GetString()!).Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>Three sessions worked out by hand: a0 (greet, greet), a1 (bye), b0 without a session start (greet).</summary>
    [ContractFact]
    public async Task Statistics_AreRasasNumbers_OverTheSessionsStartingInTheRange()
    {
        var assistant = NewAssistant();
        var prefix = Guid.NewGuid().ToString("N");
        var (a, b) = ($"a-{prefix}", $"b-{prefix}");
        await JsonAsync(await PutAsync(_client, assistant, "said_bye: {intent: bye}\ngreeted: {intent: greet}", "application/yaml"), HttpStatusCode.OK);
        await ServiceWrites.PutAsync(_client, a, $$$$"""
            [{"event": "action", "timestamp": 100, "name": "action_session_start", "metadata": {"assistant_id": "{{{{assistant}}}}"}},
             {"event": "user", "timestamp": 101, "parse_data": {"intent": {"name": "greet"}}},
             {"event": "user", "timestamp": 102, "parse_data": {"intent": {"name": "greet"}}},
             {"event": "action", "timestamp": 200, "name": "action_session_start"},
             {"event": "user", "timestamp": 201, "parse_data": {"intent": {"name": "bye"}}}]
            """);
        await ServiceWrites.PutAsync(_client, b, $$$$"""
            [{"event": "user", "timestamp": 150, "parse_data": {"intent": {"name": "greet"}}, "metadata": {"assistant_id": "{{{{assistant}}}}"}},
             {"event": "action", "timestamp": 151, "name": "utter_greet"}]
            """);
        await ServiceWrites.WaitForMetadataAsync(_client);

        var all = await ServiceWrites.GetJsonAsync(_client, $"/api/markers/statistics?assistant={assistant}");
        var early = await ServiceWrites.GetJsonAsync(_client, $"/api/markers/statistics?assistant={assistant}&until=160&per_session=true&limit=1&offset=1");

        Assert.Equal(3, all.GetProperty("total_number_of_sessions").GetInt64());
        Assert.Equal(
            ["greeted 2 66.667 3 0.333 0 0 1", "said_bye 1 33.333 1 0 0 0 0"],
            all.GetProperty("markers").EnumerateArray().Select(Summary));
        Assert.Equal(2, early.GetProperty("total_number_of_sessions").GetInt64());
        Assert.Equal(
            ["greeted 2 100 3 0.333 0 0 1", "said_bye 0 0 0 - - - -"],
            early.GetProperty("markers").EnumerateArray().Select(Summary));
        var session = Assert.Single(early.GetProperty("sessions").EnumerateArray());
        Assert.Equal((b, 0), (session.GetProperty("sender_id").GetString(), session.GetProperty("session_index").GetInt32()));
        Assert.Equal(["greeted", "said_bye"], session.GetProperty("markers").EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, session.GetProperty("markers").GetProperty("greeted").GetProperty("count").GetInt64());
        Assert.Equal(0, session.GetProperty("markers").GetProperty("said_bye").GetProperty("count").GetInt64());
        // Analytics: per bin, the sessions and those where each marker applied; exact bins, then quarter-hour ones.
        var exact = await ServiceWrites.GetJsonAsync(_client, $"/api/analytics?assistant={assistant}&start=0&end=300&window=100s&markers=greeted,said_bye,unknown");
        Assert.Equal([0L, 2, 1], ServiceWrites.Longs(exact, "marker_sessions"));
        Assert.Equal([0L, 2, 0], ServiceWrites.Longs(exact.GetProperty("markers").GetProperty("greeted"), "sessions"));
        Assert.Equal([0.0, 1, 0], ServiceWrites.Doubles(exact.GetProperty("markers").GetProperty("greeted"), "share"));
        Assert.Equal([0.0, 0, 1], ServiceWrites.Doubles(exact.GetProperty("markers").GetProperty("said_bye"), "share"));
        Assert.Equal([0L, 0, 0], ServiceWrites.Longs(exact.GetProperty("markers").GetProperty("unknown"), "sessions"));
        var quarters = await ServiceWrites.GetJsonAsync(_client, $"/api/analytics?assistant={assistant}&start=0&end=1800&window=15m&markers=greeted");
        Assert.Equal([3L, 0], ServiceWrites.Longs(quarters, "marker_sessions"));
        Assert.Equal([2L, 0], ServiceWrites.Longs(quarters.GetProperty("markers").GetProperty("greeted"), "sessions"));
        Assert.Equal(2 / 3.0, ServiceWrites.Doubles(quarters.GetProperty("markers").GetProperty("greeted"), "share")[0], 12);

        // Bins on hour and day edges are counted from the marker sums of those units: the same sessions.
        foreach (var (window, bins) in new[] { ("1h", 48), ("1d", 2) })
        {
            var units = await ServiceWrites.GetJsonAsync(_client, $"/api/analytics?assistant={assistant}&start=0&end=172800&window={window}&markers=greeted,said_bye");
            Assert.Equal([3L, .. Enumerable.Repeat(0L, bins - 1)], ServiceWrites.Longs(units, "marker_sessions"));
            Assert.Equal([2L, .. Enumerable.Repeat(0L, bins - 1)], ServiceWrites.Longs(units.GetProperty("markers").GetProperty("greeted"), "sessions"));
            Assert.Equal([1L, .. Enumerable.Repeat(0L, bins - 1)], ServiceWrites.Longs(units.GetProperty("markers").GetProperty("said_bye"), "sessions"));
        }
        var plain = await ServiceWrites.GetJsonAsync(_client, $"/api/analytics?assistant={assistant}&start=0&end=1800&window=15m");
        Assert.False(plain.TryGetProperty("marker_sessions", out _));
        Assert.False(plain.TryGetProperty("markers", out _));
        await ProblemAssert.IsAsync(await _client.GetAsync(new Uri("/api/analytics?start=0&end=10&markers=%01", UriKind.Relative)), HttpStatusCode.BadRequest, "markers");

        // Rasa's three files, row for row.
        Assert.Equal(
            $"""
            sender_id,session_idx,marker,event_idx,num_preceding_user_turns
            {a},0,greeted,1,0
            {a},0,greeted,2,1
            {a},1,said_bye,4,0
            {b},0,greeted,0,0

            """.ReplaceLineEndings("\r\n"),
            await CsvAsync($"/api/markers/extracted.csv?assistant={assistant}"));
        Assert.Equal(
            """
            sender_id,session_idx,marker,statistic,value
            all,nan,-,total_number_of_sessions,3
            all,nan,greeted,number_of_sessions_where_marker_applied_at_least_once,2
            all,nan,greeted,percentage_of_sessions_where_marker_applied_at_least_once,66.667
            all,nan,said_bye,number_of_sessions_where_marker_applied_at_least_once,1
            all,nan,said_bye,percentage_of_sessions_where_marker_applied_at_least_once,33.333
            all,nan,greeted,count(number of preceding user turns),3
            all,nan,greeted,mean(number of preceding user turns),0.333
            all,nan,greeted,median(number of preceding user turns),0.0
            all,nan,greeted,min(number of preceding user turns),0
            all,nan,greeted,max(number of preceding user turns),1
            all,nan,said_bye,count(number of preceding user turns),1
            all,nan,said_bye,mean(number of preceding user turns),0.0
            all,nan,said_bye,median(number of preceding user turns),0.0
            all,nan,said_bye,min(number of preceding user turns),0
            all,nan,said_bye,max(number of preceding user turns),0

            """.ReplaceLineEndings("\r\n"),
            await CsvAsync($"/api/markers/statistics-overall.csv?assistant={assistant}"));
        var perSession = (await CsvAsync($"/api/markers/statistics-per-session.csv?assistant={assistant}")).Split("\r\n");
        Assert.Equal("sender_id,session_idx,marker,statistic,value", perSession[0]);
        Assert.Equal(
            [
                $"{a},0,greeted,count(number of preceding user turns),2", $"{a},1,greeted,count(number of preceding user turns),0", $"{b},0,greeted,count(number of preceding user turns),1",
                $"{a},0,greeted,max(number of preceding user turns),1", $"{a},1,greeted,max(number of preceding user turns),nan", $"{b},0,greeted,max(number of preceding user turns),0",
                $"{a},0,greeted,mean(number of preceding user turns),0.5", $"{a},1,greeted,mean(number of preceding user turns),nan", $"{b},0,greeted,mean(number of preceding user turns),0.0",
                $"{a},0,greeted,median(number of preceding user turns),0.5", $"{a},1,greeted,median(number of preceding user turns),nan", $"{b},0,greeted,median(number of preceding user turns),0.0",
                $"{a},0,greeted,min(number of preceding user turns),0", $"{a},1,greeted,min(number of preceding user turns),nan", $"{b},0,greeted,min(number of preceding user turns),0",
            ],
            perSession[1..16]);
        Assert.Equal($"{a},1,said_bye,count(number of preceding user turns),1", perSession[17]);
        Assert.Equal(32, perSession.Length); // header, 2 markers × 5 statistics × 3 sessions, and the final line break
        await ProblemAssert.IsAsync(await _client.GetAsync(new Uri($"/api/markers/extracted.csv?assistant={NewAssistant()}", UriKind.Relative)), HttpStatusCode.NotFound, "assistant");
        await ProblemAssert.IsAsync(await _client.GetAsync(new Uri($"/api/markers/statistics-overall.csv?assistant={assistant}&until=nope", UriKind.Relative)), HttpStatusCode.BadRequest, "until");
        await ProblemAssert.IsAsync(await _client.GetAsync(new Uri($"/api/markers/statistics?assistant={assistant}&start=200&until=100", UriKind.Relative)), HttpStatusCode.BadRequest, "until");
        await ProblemAssert.IsAsync(await _client.GetAsync(new Uri($"/api/markers/statistics?assistant={assistant}&start=yesterday", UriKind.Relative)), HttpStatusCode.BadRequest, "start");
        await ProblemAssert.IsAsync(await _client.GetAsync(new Uri($"/api/markers/statistics?assistant={assistant}&limit=0", UriKind.Relative)), HttpStatusCode.BadRequest, "limit");
        await ProblemAssert.IsAsync(await _client.GetAsync(new Uri($"/api/markers/statistics?assistant={NewAssistant()}", UriKind.Relative)), HttpStatusCode.NotFound, "assistant");

        async Task<string> CsvAsync(string path)
        {
            using var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
            return await response.Content.ReadAsStringAsync();
        }

        static string Summary(JsonElement m)
        {
            var turns = m.GetProperty("preceding_user_turns");
            string Number(string name) => turns.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
                ? Math.Round(v.GetDouble(), 3).ToString(System.Globalization.CultureInfo.InvariantCulture)
                : "-";
            return string.Join(
                " ",
                m.GetProperty("marker").GetString(),
                m.GetProperty("number_of_sessions_where_marker_applied_at_least_once").GetInt64(),
                Math.Round(m.GetProperty("percentage_of_sessions_where_marker_applied_at_least_once").GetDouble(), 3).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Number("count"),
                Number("mean"),
                Number("median"),
                Number("min"),
                Number("max"));
        }
    }

    [ContractFact]
    public async Task Roles_ViewReads_ManageDefines_LimitedTokensKeepToTheirAssistants()
    {
        var mine = NewAssistant();
        var theirs = NewAssistant();
        await JsonAsync(await PutAsync(_client, theirs, "kept: {intent: greet}", "application/yaml"), HttpStatusCode.OK);
        var view = factory.CreateClient(ApiRole.View);
        var limited = factory.CreateClient(ApiRole.Manage, mine);

        Assert.Equal(HttpStatusCode.OK, (await view.GetAsync(new Uri($"/api/markers?assistant={theirs}", UriKind.Relative))).StatusCode);
        await ProblemAssert.IsAsync(await PutAsync(view, mine, "m: {intent: a}", "application/yaml"), HttpStatusCode.Forbidden, field: null);
        await ProblemAssert.IsAsync(await view.DeleteAsync(new Uri($"/api/markers?assistant={theirs}", UriKind.Relative)), HttpStatusCode.Forbidden, field: null);

        Assert.Equal(HttpStatusCode.OK, (await PutAsync(limited, mine, "m: {intent: a}", "application/yaml")).StatusCode);
        await ProblemAssert.IsAsync(await PutAsync(limited, theirs, "m: {intent: a}", "application/yaml"), HttpStatusCode.Forbidden, "assistant");
        await ProblemAssert.IsAsync(await limited.GetAsync(new Uri($"/api/markers?assistant={theirs}", UriKind.Relative)), HttpStatusCode.NotFound, "assistant");
        await ProblemAssert.IsAsync(await limited.DeleteAsync(new Uri($"/api/markers?assistant={theirs}", UriKind.Relative)), HttpStatusCode.NotFound, "assistant");
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(new Uri($"/api/markers?assistant={theirs}", UriKind.Relative))).StatusCode);
    }

    private static string NewAssistant() => $"assistant-{Guid.NewGuid():N}";

    private static string WithAssistant(JsonElement e, string assistant)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(e.GetRawText())!;
        node["metadata"] = new System.Text.Json.Nodes.JsonObject { ["assistant_id"] = assistant };
        return node.ToJsonString();
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, string assistant, string body, string contentType)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        return client.PutAsync(new Uri($"/api/markers?assistant={Uri.EscapeDataString(assistant)}", UriKind.Relative), content);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }
}

public sealed class SqliteMarkersApiTests(SqliteApiFactory factory) : MarkersApiTests<SqliteApiFactory>(factory);

[RequiresPostgreSql]
public sealed class PostgreSqlMarkersApiTests(PostgreSqlApiFactory factory) : MarkersApiTests<PostgreSqlApiFactory>(factory);
