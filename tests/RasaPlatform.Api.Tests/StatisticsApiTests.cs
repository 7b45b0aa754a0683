using System.Net;
using System.Text.Json;
using RasaPlatform.Testing;
using RasaPlatform.Testing.PostgreSql;
using static RasaPlatform.Api.Tests.ServiceWrites;

namespace RasaPlatform.Api.Tests;

/// <summary>
/// <c>GET /statistics</c> through HTTP on hand-built conversations: totals, top lists with ties, the limit, inclusive
/// bounds, bad parameters. The store's fold in depth is the storage contract's.
/// </summary>
/// <remarks>Tests share the service, so each keeps its events in a time range of its own and asks within it.</remarks>
public abstract class StatisticsApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory, new()
{
    private const long May2019 = 1_556_668_800; // 2019-05-01T00:00:00Z

    private readonly HttpClient _client = factory.CreateClient();

    [ContractFact]
    public async Task Statistics_TotalsAndTopLists_MostFrequentFirst_TiesByName_WithoutActionListen()
    {
        await WriteTwoConversationsAsync(May2019);

        var all = await GetJsonAsync(_client, $"/api/statistics?start={May2019}&until={May2019 + 100}");

        JsonAssert.Equal(
            JsonDocument.Parse("""
                {"user_messages":4,"bot_messages":3,
                 "top_intents":[{"name":"greet","count":2},{"name":"affirm","count":1},{"name":"bye","count":1}],
                 "top_entities":[{"name":"city","count":2},{"name":"date","count":2}],
                 "top_actions":[{"name":"utter_greet","count":2},{"name":"action_search","count":1},{"name":"utter_bye","count":1}],
                 "top_policies":[{"name":"TEDPolicy","count":2},{"name":"MemoizationPolicy","count":1}]}
                """).RootElement,
            all);
    }

    [ContractFact]
    public async Task Statistics_Limit_CutsEveryTopList()
    {
        const long start = May2019 + 86_400;
        await WriteTwoConversationsAsync(start);

        var one = await GetJsonAsync(_client, $"/api/statistics?start={start}&until={start + 100}&limit=1");
        var many = await GetJsonAsync(_client, $"/api/statistics?start={start}&until={start + 100}&limit=1000");

        JsonAssert.Equal(
            JsonDocument.Parse("""
                {"user_messages":4,"bot_messages":3,"top_intents":[{"name":"greet","count":2}],
                 "top_entities":[{"name":"city","count":2}],"top_actions":[{"name":"utter_greet","count":2}],
                 "top_policies":[{"name":"TEDPolicy","count":2}]}
                """).RootElement,
            one);
        Assert.Equal(["greet", "affirm", "bye"], many.GetProperty("top_intents").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
    }

    [ContractFact]
    public async Task Statistics_StartAndUntil_AreInclusive_InUnixSecondsOrIso8601()
    {
        const long start = May2019 + (2 * 86_400); // 2019-05-03T00:00:00Z
        await WriteTwoConversationsAsync(start);

        // Events at +10 (user affirm), +11 (action_search), +12 (bot), +20 (user greet), +21 (utter_greet, TEDPolicy).
        var bounded = await GetJsonAsync(_client, $"/api/statistics?start={start + 10}&until=2019-05-03T00:00:21Z");
        var open = await GetJsonAsync(_client, $"/api/statistics?start={start + 10}.001&until=2019-05-03T00:00:20.999");

        JsonAssert.Equal(
            JsonDocument.Parse("""
                {"user_messages":2,"bot_messages":1,
                 "top_intents":[{"name":"affirm","count":1},{"name":"greet","count":1}],
                 "top_entities":[{"name":"date","count":1}],
                 "top_actions":[{"name":"action_search","count":1},{"name":"utter_greet","count":1}],
                 "top_policies":[{"name":"TEDPolicy","count":2}]}
                """).RootElement,
            bounded);
        JsonAssert.Equal(
            JsonDocument.Parse("""
                {"user_messages":1,"bot_messages":1,"top_intents":[{"name":"greet","count":1}],"top_entities":[],
                 "top_actions":[{"name":"action_search","count":1}],"top_policies":[{"name":"TEDPolicy","count":1}]}
                """).RootElement,
            open);
    }

    [ContractFact]
    public async Task StatisticsAndAnalytics_Assistant_CountOnlyThatAssistantsConversations()
    {
        const long t = May2019 + (10 * 86_400);
        var m = Marker();
        await PutAsync(_client, $"{m}-sales", $$$$"""
            [{"event":"user","timestamp":{{{{t + 1}}}},"text":"buy","metadata":{"assistant_id":"sales"},"parse_data":{"intent":{"name":"buy","confidence":0.9}}},
             {"event":"bot","timestamp":{{{{t + 2}}}},"text":"sure"},
             {"event":"user","timestamp":{{{{t + 3}}}},"text":"now","parse_data":{"intent":{"name":"buy","confidence":0.9}}}]
            """);
        await PutAsync(_client, $"{m}-plain", $$$$"""
            [{"event":"user","timestamp":{{{{t + 4}}}},"text":"hi","parse_data":{"intent":{"name":"greet","confidence":0.9}}}]
            """);
        await WaitForMetadataAsync(_client);
        string Range(string assistant) => $"start={t}&until={t + 100}&assistant={assistant}";

        var sales = await GetJsonAsync(_client, $"/api/statistics?{Range("sales")}");
        var plain = await GetJsonAsync(_client, $"/api/statistics?{Range("default")}");
        var both = await GetJsonAsync(_client, $"/api/statistics?{Range("sales,%20default")}");
        var nobody = await GetJsonAsync(_client, $"/api/statistics?{Range("nobody")}");
        var salesBins = await GetJsonAsync(_client, $"/api/analytics?start={t}&end={t + 100}&window=100s&assistant=sales");

        Assert.Equal((2, 1, "buy"), (sales.GetProperty("user_messages").GetInt32(), sales.GetProperty("bot_messages").GetInt32(), sales.GetProperty("top_intents")[0].GetProperty("name").GetString()));
        Assert.Equal((1, 0, "greet"), (plain.GetProperty("user_messages").GetInt32(), plain.GetProperty("bot_messages").GetInt32(), plain.GetProperty("top_intents")[0].GetProperty("name").GetString()));
        Assert.Equal(3, both.GetProperty("user_messages").GetInt32());
        Assert.Equal((0, 0), (nobody.GetProperty("user_messages").GetInt32(), nobody.GetProperty("top_intents").GetArrayLength()));
        Assert.Equal([2], salesBins.GetProperty("user_messages").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([1], salesBins.GetProperty("conversations").EnumerateArray().Select(e => e.GetInt32()));
    }

    /// <summary>
    /// <c>compare=previous</c>: the statistics and the analytics answer the period of equal length just before as a
    /// call for that period would, the inclusive edge of the statistics staying with the current period; without it
    /// there is no <c>previous</c>.
    /// </summary>
    [ContractFact]
    public async Task StatisticsAndAnalytics_ComparePrevious_AnswerThePeriodJustBefore()
    {
        const long current = May2019 + (20 * 86_400);
        const long before = current - 100;
        await WriteTwoConversationsAsync(before);
        var m = Marker();
        await PutAsync(_client, $"{m}-now", $$$$"""
            [{"event":"user","timestamp":{{{{current}}}},"text":"hi","parse_data":{"intent":{"name":"greet","confidence":0.9}}},
             {"event":"bot","timestamp":{{{{current + 5}}}},"text":"hello"}]
            """);
        await WaitForMetadataAsync(_client);

        var statistics = await GetJsonAsync(_client, $"/api/statistics?start={current}&until={current + 100}&compare=previous&limit=10");
        var previous = await GetJsonAsync(_client, $"/api/statistics?start={before}&until={current}&limit=10");
        var analytics = await GetJsonAsync(_client, $"/api/analytics?start={current}&end={current + 100}&window=50s&compare=previous");
        var previousBins = await GetJsonAsync(_client, $"/api/analytics?start={before}&end={current}&window=50s");
        var plain = await GetJsonAsync(_client, $"/api/statistics?start={current}&until={current + 100}");
        var plainBins = await GetJsonAsync(_client, $"/api/analytics?start={current}&end={current + 100}&window=50s");

        Assert.Equal((1, 1), (statistics.GetProperty("user_messages").GetInt32(), statistics.GetProperty("bot_messages").GetInt32()));

        // [before, current] would count the message at `current` too; the previous period ends just before it.
        Assert.Equal(previous.GetProperty("user_messages").GetInt32() - 1, statistics.GetProperty("previous").GetProperty("user_messages").GetInt32());
        Assert.Equal(4, statistics.GetProperty("previous").GetProperty("user_messages").GetInt32());
        Assert.Equal("greet", statistics.GetProperty("previous").GetProperty("top_intents")[0].GetProperty("name").GetString());
        Assert.False(statistics.GetProperty("previous").TryGetProperty("previous", out _));
        JsonAssert.Equal(previousBins, analytics.GetProperty("previous"));
        Assert.Equal([1, 0], analytics.GetProperty("user_messages").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([4, 0], analytics.GetProperty("previous").GetProperty("user_messages").EnumerateArray().Select(e => e.GetInt32()));
        Assert.False(plain.TryGetProperty("previous", out _));
        Assert.False(plainBins.TryGetProperty("previous", out _));
    }

    [ContractTheory]
    [InlineData("/api/statistics?start=1&until=2&compare=next", "compare")]
    [InlineData("/api/statistics?start=1&compare=previous", "compare")]
    [InlineData("/api/statistics?compare=previous", "compare")]
    [InlineData("/api/statistics?start=0001-01-01T00:00:01Z&until=0001-01-01T00:00:03Z&compare=previous", "compare")]
    [InlineData("/api/analytics?start=1&end=2&compare=PREVIOUS", "compare")]
    [InlineData("/api/analytics?start=0001-01-01T00:00:01Z&end=0001-01-01T00:00:03Z&compare=previous", "compare")]
    public async Task ComparePrevious_Bad_Is400ProblemNamingCompare(string path, string field)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, field);
    }

    /// <summary>
    /// CSV of the listing, the statistics and the analytics, parsed by a CSV reader of its own (.NET's
    /// TextFieldParser): the same figures as the JSON, a header row, formula-like text made harmless, and with
    /// <c>all</c> every matching conversation rather than one page.
    /// </summary>
    [ContractFact]
    public async Task Csv_ListingStatisticsAndAnalytics_HoldWhatTheJsonHolds()
    {
        const long t = May2019 + (30 * 86_400);
        await WriteTwoConversationsAsync(t);
        var m = Marker();
        await PutAsync(_client, $"=cmd-{m}", $$$$"""
            [{"event":"user","timestamp":{{{{t + 50}}}},"text":"hi","metadata":{"assistant_id":"@sum(1)"},"parse_data":{"intent":{"name":"+greet","confidence":0.9}}}]
            """);
        await WaitForMetadataAsync(_client);
        var range = $"start={t}&until={t + 100}";

        using var listing = await _client.GetAsync(new Uri($"/api/conversations?{range}&limit=1&format=csv&all=true", UriKind.Relative));
        var rows = await CsvAsync(listing);
        var json = await GetJsonAsync(_client, $"/api/conversations?{range}&limit=1000");
        Assert.Equal(json.GetArrayLength().ToString(System.Globalization.CultureInfo.InvariantCulture), listing.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal(["sender_id", "assistant_id", "latest_event_time"], rows[0][..3]);
        Assert.Equal(json.EnumerateArray().Select(c => c.GetProperty("sender_id").GetString()), rows.Skip(1).Select(r => r[0].TrimStart('\'')));
        var hostile = Assert.Single(rows, r => r[0].StartsWith("'=cmd", StringComparison.Ordinal));
        Assert.Equal("'@sum(1)", hostile[1]);
        Assert.Equal("'+greet", hostile[rows[0].ToList().IndexOf("intents")]);
        Assert.Equal("1", hostile[rows[0].ToList().IndexOf("n_user_messages")]);

        using var onePage = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/conversations?{range}&limit=1", UriKind.Relative));
        onePage.Headers.Accept.ParseAdd("text/csv");
        using var paged = await _client.SendAsync(onePage);
        Assert.Equal(2, (await CsvAsync(paged)).Count);

        using var statistics = await _client.GetAsync(new Uri($"/api/statistics?{range}&format=csv&compare=previous&limit=2", UriKind.Relative));
        var figures = await CsvAsync(statistics);
        Assert.Equal(["period", "figure", "name", "count"], figures[0]);
        Assert.Contains(["current", "user_messages", "", "5"], figures);
        Assert.Contains(["current", "top_intents", "greet", "2"], figures);
        Assert.Contains(["current", "top_intents", "'+greet", "1"], figures);
        Assert.Contains(["previous", "user_messages", "", "0"], figures);

        using var analytics = await _client.GetAsync(new Uri($"/api/analytics?start={t}&end={t + 100}&window=50s&format=csv", UriKind.Relative));
        var bins = await CsvAsync(analytics);
        var binsJson = await GetJsonAsync(_client, $"/api/analytics?start={t}&end={t + 100}&window=50s");
        Assert.Equal("period,bin_start,bin_end,new_users,conversations,user_messages,bot_messages,total_messages,sessions_per_user,conversation_length,conversation_steps", string.Join(',', bins[0]));
        Assert.Equal(Longs(binsJson, "user_messages").Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), bins.Skip(1).Select(r => r[5]));
        Assert.Equal(Doubles(binsJson, "conversation_length"), bins.Skip(1).Select(r => double.Parse(r[9], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [ContractTheory]
    [InlineData("/api/conversations?all=true", "all")]
    [InlineData("/api/conversations?format=xml", "format")]
    [InlineData("/api/statistics?format=CSV", "format")]
    [InlineData("/api/analytics?start=1&end=2&format=tsv", "format")]
    public async Task Csv_BadFormatOrAllWithoutCsv_Is400ProblemNamingIt(string path, string field)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, field);
    }

    /// <summary>The rows of a CSV answer, read by an RFC 4180 reader.</summary>
    private static async Task<List<string[]>> CsvAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        using var parser = new Microsoft.VisualBasic.FileIO.TextFieldParser(await response.Content.ReadAsStreamAsync())
        {
            TextFieldType = Microsoft.VisualBasic.FileIO.FieldType.Delimited,
            HasFieldsEnclosedInQuotes = true,
            TrimWhiteSpace = false,
        };
        parser.SetDelimiters(",");
        var rows = new List<string[]>();
        while (!parser.EndOfData)
        {
            rows.Add(parser.ReadFields()!);
        }

        return rows;
    }

    [ContractFact]
    public async Task Statistics_EmptyStore_ZerosAndEmptyLists()
    {
        using var own = new TFactory();
        using var client = own.CreateClient();

        JsonAssert.Equal(
            JsonDocument.Parse("""
                {"user_messages":0,"bot_messages":0,"top_intents":[],"top_entities":[],"top_actions":[],"top_policies":[]}
                """).RootElement,
            await GetJsonAsync(client, "/api/statistics"));
    }

    [ContractTheory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=2.5", "limit")]
    [InlineData("limit=three", "limit")]
    [InlineData("start=yesterday", "start")]
    [InlineData("until=2024-13-01", "until")]
    [InlineData("start=2000&until=1999.5", "until")]
    [InlineData("start=2024-01-02&until=2024-01-01T23:59:59Z", "until")]
    [InlineData("assistant=a,,b", "assistant")]
    [InlineData("assistant=,", "assistant")]
    [InlineData("assistant=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "assistant")]
    public async Task Statistics_BadParameter_Is400ProblemNamingIt(string query, string field)
    {
        using var response = await _client.GetAsync(new Uri($"/api/statistics?{query}", UriKind.Relative));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, field);
    }

    /// <summary>
    /// Two conversations within 100 s of <paramref name="t"/>: four user messages (greet twice, affirm, bye), three bot
    /// messages, entities city twice and date twice, actions utter_greet twice, action_search and utter_bye, policies
    /// TEDPolicy twice (one with Rasa's prefix) and MemoizationPolicy, and action_listen with a policy that must not count.
    /// </summary>
    private async Task WriteTwoConversationsAsync(long t)
    {
        var m = Marker();
        await PutAsync(_client, $"{m}-1", $$$$"""
            [{"event":"user","timestamp":{{{{t + 1}}}},"text":"hi","parse_data":{"intent":{"name":"greet","confidence":0.9},"entities":[{"entity":"city","value":"Berlin"},{"entity":"city","value":"Paris"}]}},
             {"event":"action","timestamp":{{{{t + 2}}}},"name":"utter_greet","policy":"policy_0_MemoizationPolicy","confidence":1.0},
             {"event":"bot","timestamp":{{{{t + 3}}}},"text":"hello"},
             {"event":"action","timestamp":{{{{t + 4}}}},"name":"action_listen","policy":"policy_1_TEDPolicy","confidence":0.9},
             {"event":"user","timestamp":{{{{t + 10}}}},"text":"yes, tomorrow","parse_data":{"intent":{"name":"affirm","confidence":0.8},"entities":[{"entity":"date","value":"tomorrow"}]}},
             {"event":"action","timestamp":{{{{t + 11}}}},"name":"action_search","policy":"policy_2_TEDPolicy","confidence":0.7},
             {"event":"bot","timestamp":{{{{t + 12}}}},"text":"found it"}]
            """);
        await PutAsync(_client, $"{m}-2", $$$$"""
            [{"event":"user","timestamp":{{{{t + 20}}}},"text":"hey","parse_data":{"intent":{"name":"greet","confidence":0.9},"entities":[]}},
             {"event":"action","timestamp":{{{{t + 21}}}},"name":"utter_greet","policy":"TEDPolicy","confidence":0.6}]
            """);
        await PostAsync(_client, $"{m}-2", $$$$"""
            [{"event":"bot","timestamp":{{{{t + 22}}}},"text":"hello"},
             {"event":"user","timestamp":{{{{t + 30}}}},"text":"bye on friday","parse_data":{"intent":{"name":"bye","confidence":0.9},"entities":[{"entity":"date","value":"friday"}]}},
             {"event":"action","timestamp":{{{{t + 31}}}},"name":"utter_bye"},
             {"event":"action","timestamp":{{{{t + 32}}}},"name":"action_listen"}]
            """);
        await WaitForMetadataAsync(_client);
    }
}

public sealed class SqliteStatisticsApiTests(SqliteApiFactory factory) : StatisticsApiTests<SqliteApiFactory>(factory);

[RequiresPostgreSql]
public sealed class PostgreSqlStatisticsApiTests(PostgreSqlApiFactory factory) : StatisticsApiTests<PostgreSqlApiFactory>(factory);
