using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Listing;
using RasaPlatform.Core.Metadata;
using RasaPlatform.Testing;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Api.Tests;

/// <summary>
/// The listing through HTTP: every query parameter reaches its filter, paging headers, bad parameters, the distinct
/// lists, and the real shared data. The filters' semantics in depth are the storage contract's.
/// </summary>
/// <remarks>Tests share the service, so each one marks its conversations with an intent of its own.</remarks>
public abstract class ListingApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory, new()
{
    private readonly HttpClient _client = factory.CreateClient();

    [ContractFact]
    public async Task List_EveryFilterParameter_SelectsWhatItNames()
    {
        var m = Marker();
        var other = Marker();
        await PutAsync($"{m}-a", $$$$"""
            [{"event":"user","timestamp":1000,"text":"Hello World","input_channel":"web","parse_data":{"intent":{"name":"{{{{m}}}}","confidence":0.9},"entities":[]}},
             {"event":"action","timestamp":1001,"name":"utter_hello","policy":"policy_0_MemoizationPolicy","confidence":1.0},
             {"event":"bot","timestamp":1002,"text":"hi"}]
            """);
        await PutAsync($"{m}-b", $$$$"""
            [{"event":"user","timestamp":2000,"text":"a city please","input_channel":"slack","parse_data":{"intent":{"name":"{{{{m}}}}","confidence":0.3},"entities":[{"entity":"city","value":"Berlin"}]}},
             {"event":"action","timestamp":2001,"name":"action_search","policy":"policy_1_TEDPolicy","confidence":0.4},
             {"event":"user","timestamp":2002,"text":"thanks","input_channel":"slack","parse_data":{"intent":{"name":"{{{{m}}}}","confidence":0.95}}}]
            """);
        await PutAsync($"{m}-c", $$$$"""
            [{"event":"user","timestamp":3000,"text":"bye","input_channel":"web","parse_data":{"intent":{"name":"{{{{other}}}}","confidence":0.6}}}]
            """);
        await WaitForMetadataAsync();

        var cases = new (string Query, string[] Expected)[]
        {
            ($"intent={m}", ["b", "a"]),
            ($"intent={m},{other}", ["c", "b", "a"]),
            ($"intent={other},%20{m}%20&sort_by_latest_event_time=false", ["a", "b", "c"]),
            ($"intent={m},{other}&entity=city", ["b"]),
            ($"intent={m},{other}&action=utter_hello,nothing", ["a"]),
            ($"intent={m},{other}&policies=TEDPolicy", ["b"]),
            ($"intent={m},{other}&policies=policy_1_TEDPolicy", []),
            ($"intent={m},{other}&text=WORLD", ["a"]),
            ($"intent={m},{other}&text=Y%20PL", ["b"]),
            ($"intent={m},{other}&start=1500&until=2500", ["b"]),
            ($"intent={m},{other}&start=1970-01-01T00:25:00Z&until=1970-01-01T00:41:40", ["b"]),
            ($"intent={m},{other}&start=1970-01-01T00:50:00%2B00:00", ["c"]),
            ($"intent={m},{other}&minimumUserMessages=2", ["b"]),
            ($"intent={m},{other}&maximumConfidence=0.4", ["b"]),
            ($"intent={m},{other}&minimumConfidence=0.5", ["a"]),
            ($"intent={m},{other}&minimumNluConfidence=0.5", ["c", "a"]),
            ($"intent={m},{other}&maximumNluConfidence=0.3", ["b"]),
            ($"intent={m},{other}&input_channels=web", ["c", "a"]),
            ($"intent={m},{other}&input_channels=slack,sms", ["b"]),
            ($"intent={m},{other}&in_training_data=true", ["c", "a"]),
            ($"intent={m},{other}&in_training_data=false", ["b"]),
            ($"intent={m},{other}&is_flagged=false", ["c", "b", "a"]),
        };

        // All but the text cases are the in-process index's to answer.
        await IndexLoadedAsync();
        foreach (var (query, expected) in cases)
        {
            var (senders, total, _) = await ListAsync(query);
            Assert.True(
                expected.Select(e => $"{m}-{e}").SequenceEqual(senders),
                $"{query}: got [{string.Join(", ", senders)}]");
            Assert.Equal(expected.Length, total);
        }
    }

    [ContractFact]
    public async Task List_InTrainingDataFalse_SortsByConfidenceHighestFirst_UnlessToldNotTo()
    {
        var m = Marker();
        foreach (var (name, confidence, time) in new[] { ("low", 0.2, 100), ("high", 0.8, 50), ("mid", 0.5, 150) })
        {
            await PutAsync($"{m}-{name}", $$$$"""
                [{"event":"user","timestamp":{{{{time}}}},"text":"x","parse_data":{"intent":{"name":"{{{{m}}}}"}}},
                 {"event":"action","timestamp":{{{{time + 1}}}},"name":"act","policy":"TEDPolicy","confidence":{{{{confidence}}}}}]
                """);
        }

        await WaitForMetadataAsync();

        Assert.Equal(Named(m, "high", "mid", "low"), (await ListAsync($"intent={m}&in_training_data=false")).Senders);
        Assert.Equal(Named(m, "mid", "low", "high"), (await ListAsync($"intent={m}&in_training_data=false&sort_by_confidence=false")).Senders);
        Assert.Equal(Named(m, "mid", "low", "high"), (await ListAsync($"intent={m}&sort_by_confidence=true")).Senders);
        Assert.Equal(Named(m, "low", "high", "mid"), (await ListAsync($"intent={m}&sort_by_latest_event_time=false")).Senders);
    }

    [ContractFact]
    public async Task List_Paging_TotalCountAndNextOffsetHeaders_DefaultPageOf50()
    {
        var m = Marker();
        for (var i = 0; i < 53; i++)
        {
            await PutAsync($"{m}-{i:D2}", $$$$"""[{"event":"user","timestamp":{{{{1000 + i}}}},"text":"x","parse_data":{"intent":{"name":"{{{{m}}}}"}}}]""");
        }

        await WaitForMetadataAsync();

        var first = await ListAsync($"intent={m}");
        Assert.Equal(50, first.Senders.Count);
        Assert.Equal(53, first.Total);
        Assert.Equal(50, first.NextOffset);
        Assert.Equal($"{m}-52", first.Senders[0]);

        var last = await ListAsync($"intent={m}&offset=50");
        Assert.Equal(Named(m, "02", "01", "00"), last.Senders);
        Assert.Equal(53, last.Total);
        Assert.Null(last.NextOffset);

        var middle = await ListAsync($"intent={m}&limit=5&offset=10&sort_by_latest_event_time=false");
        Assert.Equal(Named(m, "10", "11", "12", "13", "14"), middle.Senders);
        Assert.Equal(15, middle.NextOffset);

        var beyond = await ListAsync($"intent={m}&offset=100");
        Assert.Empty(beyond.Senders);
        Assert.Equal(53, beyond.Total);
        Assert.Null(beyond.NextOffset);
    }

    [ContractFact]
    public async Task List_Item_CarriesEveryMetadataField()
    {
        var m = Marker();
        await PutAsync($"{m}-x", $$$$"""
            [{"event":"user","timestamp":10,"text":"hi","input_channel":"web","parse_data":{"intent":{"name":"{{{{m}}}}","confidence":0.7},"entities":[{"entity":"city"}]},"metadata":{"assistant_id":"moodbot"}},
             {"event":"action","timestamp":11,"name":"utter_greet","policy":"policy_2_MemoizationPolicy","confidence":0.9},
             {"event":"bot","timestamp":12,"text":"hello"}]
            """);
        await WaitForMetadataAsync();

        var item = JsonDocument.Parse(await _client.GetStringAsync(new Uri($"/api/conversations?intent={m}", UriKind.Relative))).RootElement[0];

        JsonAssert.Equal(
            JsonDocument.Parse($$$$"""
                {"sender_id":"{{{{m}}}}-x","latest_event_time":12,"latest_user_event_time":10,"latest_input_channel":"web",
                 "assistant_id":"moodbot","intents":["{{{{m}}}}"],"entities":["city"],"actions":["utter_greet"],
                 "minimum_action_confidence":0.9,"maximum_action_confidence":0.9,"minimum_intent_confidence":0.7,
                 "maximum_intent_confidence":0.7,"in_training_data":true,"policies":["MemoizationPolicy"],
                 "n_user_messages":1,"n_bot_messages":1,"event_count":3,"has_flagged_messages":false,
                 "flagged_messages":[],"unflagged_messages":[10,12],"corrected_messages":[],"tags":[],"review_status":"unread"}
                """).RootElement,
            item);
    }

    [ContractFact]
    public async Task List_IsFlagged_ShowsOnlyConversationsWithAFlaggedMessage_AndTheFlagsAreLive()
    {
        var m = Marker();
        await PutAsync($"{m}-flagged", $$$$"""
            [{"event":"user","timestamp":1517821726.2147012,"text":"hi","parse_data":{"intent":{"name":"{{{{m}}}}"}}},
             {"event":"bot","timestamp":1517821727.5,"text":"hello"}]
            """);
        await PutAsync($"{m}-plain", $$$$"""[{"event":"user","timestamp":1517821800,"text":"hi","parse_data":{"intent":{"name":"{{{{m}}}}"}}}]""");
        await WaitForMetadataAsync();

        using (var flag = await _client.PutAsync(new Uri($"/api/conversations/{m}-flagged/messages/1517821726.2147012", UriKind.Relative), content: null))
        {
            Assert.Equal(HttpStatusCode.Created, flag.StatusCode);
        }

        // Flags are read live: no wait for the metadata job, nor for the listing index to refresh.
        await IndexLoadedAsync();
        var flagged = JsonDocument.Parse(await _client.GetStringAsync(new Uri($"/api/conversations?intent={m}&is_flagged=true", UriKind.Relative))).RootElement;
        var item = Assert.Single(flagged.EnumerateArray());
        Assert.Equal($"{m}-flagged", item.GetProperty("sender_id").GetString());
        Assert.True(item.GetProperty("has_flagged_messages").GetBoolean());
        Assert.Equal([1517821726.2147012], item.GetProperty("flagged_messages").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal([1517821727.5], item.GetProperty("unflagged_messages").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(2, (await ListAsync($"intent={m}&is_flagged=false")).Total);

        using (var unflag = await _client.DeleteAsync(new Uri($"/api/conversations/{m}-flagged/messages/1517821726.2147012", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, unflag.StatusCode);
        }

        Assert.Equal(0, (await ListAsync($"intent={m}&is_flagged=true")).Total);
    }

    [ContractTheory]
    [InlineData("maximumConfidence=high", "maximumConfidence")]
    [InlineData("minimumConfidence=NaN", "minimumConfidence")]
    [InlineData("minimumNluConfidence=Infinity", "minimumNluConfidence")]
    [InlineData("maximumNluConfidence=0.5.1", "maximumNluConfidence")]
    [InlineData("maximumConfidence=0,5", "maximumConfidence")]
    [InlineData("minimumConfidence=1%2C000", "minimumConfidence")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("offset=-1", "offset")]
    [InlineData("start=yesterday", "start")]
    [InlineData("until=2024-13-01", "until")]
    [InlineData("start=2000&until=1000", "until")]
    [InlineData("in_training_data=yes", "in_training_data")]
    [InlineData("is_flagged=1x", "is_flagged")]
    [InlineData("sort_by_confidence=maybe", "sort_by_confidence")]
    [InlineData("sort_by_latest_event_time=no", "sort_by_latest_event_time")]
    [InlineData("minimumUserMessages=-1", "minimumUserMessages")]
    [InlineData("minimumUserMessages=2.5", "minimumUserMessages")]
    public async Task List_BadParameter_Is400ProblemNamingIt(string query, string field)
    {
        using var response = await _client.GetAsync(new Uri($"/api/conversations?{query}", UriKind.Relative));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, field);
    }

    [ContractFact]
    public async Task List_TooManyNames_Is400NamingTheParameter()
    {
        var names = string.Join(',', Enumerable.Range(0, 101).Select(i => $"i{i}"));

        using var response = await _client.GetAsync(new Uri($"/api/conversations?intent={names}", UriKind.Relative));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "intent");
    }

    [ContractFact]
    public async Task DistinctLists_HoldEveryNameOnce_OrdinallySorted()
    {
        var m = Marker();
        await PutAsync($"{m}-1", $$$$"""
            [{"event":"user","timestamp":1,"text":"x","input_channel":"Zeta","parse_data":{"intent":{"name":"{{{{m}}}}_b"},"entities":[{"entity":"{{{{m}}}}_e"}]}},
             {"event":"action","timestamp":2,"name":"{{{{m}}}}_act","policy":"policy_9_{{{{m}}}}Policy"}]
            """);
        await PutAsync($"{m}-2", $$$$"""
            [{"event":"user","timestamp":1,"text":"x","input_channel":"alpha","parse_data":{"intent":{"name":"{{{{m}}}}_a"},"entities":[{"entity":"{{{{m}}}}_e"}]}},
             {"event":"action","timestamp":2,"name":"{{{{m}}}}_act","policy":"{{{{m}}}}Policy"}]
            """);
        await WaitForMetadataAsync();

        async Task<List<string>> Distinct(string path)
        {
            var all = JsonSerializer.Deserialize<List<string>>(await _client.GetStringAsync(new Uri(path, UriKind.Relative)))!;
            Assert.Equal(all.Order(StringComparer.Ordinal), all);
            Assert.Equal(all.Distinct(), all);
            return all;
        }

        Assert.Equal([$"{m}_a", $"{m}_b"], (await Distinct("/api/conversationIntents")).Where(n => n.StartsWith(m, StringComparison.Ordinal)));
        Assert.Equal([$"{m}_e"], (await Distinct("/api/conversationEntities")).Where(n => n.StartsWith(m, StringComparison.Ordinal)));
        Assert.Equal([$"{m}_act"], (await Distinct("/api/conversationActions")).Where(n => n.StartsWith(m, StringComparison.Ordinal)));
        Assert.Equal([$"{m}Policy"], (await Distinct("/api/conversationPolicies")).Where(n => n.StartsWith(m, StringComparison.Ordinal)));
        var channels = await Distinct("/api/conversationInputChannels");
        Assert.Contains("Zeta", channels);
        Assert.Contains("alpha", channels);
    }

    [ContractFact]
    public async Task Assistants_FilterTheListingAndTheDistinctLists_AndAreListedWithTheirCounts()
    {
        var m = Marker();
        var (shop, bank, idle) = ($"{m}-shop", $"{m}-bank", $"{m}-idle");
        await PutAsync($"{m}-1", $$$$"""
            [{"event":"user","timestamp":100,"text":"buy","input_channel":"web","parse_data":{"intent":{"name":"{{{{m}}}}_buy"},"entities":[{"entity":"{{{{m}}}}_item"}]},"metadata":{"assistant_id":"{{{{shop}}}}"}},
             {"event":"action","timestamp":101,"name":"{{{{m}}}}_sell","policy":"policy_0_MemoizationPolicy","confidence":1.0}]
            """);
        await PutAsync($"{m}-2", $$$$"""
            [{"event":"user","timestamp":200,"text":"pay","input_channel":"{{{{m}}}}_phone","parse_data":{"intent":{"name":"{{{{m}}}}_pay"}},"metadata":{"assistant_id":"{{{{bank}}}}"}},
             {"event":"action","timestamp":201,"name":"{{{{m}}}}_transfer","policy":"policy_1_{{{{m}}}}Policy","confidence":0.4}]
            """);
        await PutAsync($"{m}-3", $$$$"""
            [{"event":"user","timestamp":300,"text":"buy more","input_channel":"web","parse_data":{"intent":{"name":"{{{{m}}}}_buy"}},"metadata":{"assistant_id":"{{{{idle}}}}"}},
             {"event":"user","timestamp":301,"text":"and pay","input_channel":"web","parse_data":{"intent":{"name":"{{{{m}}}}_pay"}},"metadata":{"assistant_id":"{{{{shop}}}}"}}]
            """);
        await WaitForMetadataAsync();

        // The last event naming an assistant decides: conversation 3 belongs to the shop, and "idle" has none.
        var cases = new (string Query, string[] Expected)[]
        {
            ($"assistant={shop}", ["3", "1"]),
            ($"assistant={bank}", ["2"]),
            ($"assistant={idle}", []),
            ($"assistant=%20{bank}%20,{shop}", ["3", "2", "1"]),
            ($"assistant={bank},no-such-assistant", ["2"]),
            ($"assistant={shop}&intent={m}_pay", ["3"]),
            ($"assistant={shop},{bank}&intent={m}_pay", ["3", "2"]),
            ($"assistant={shop}&intent={m}_pay,{m}_buy&limit=1", ["3"]),
            ($"assistant={shop}&in_training_data=true&limit=1", ["3"]),
            ($"assistant={shop}&input_channels=web&text=BUY&sort_by_latest_event_time=false", ["1", "3"]),
            ($"assistant={bank}&maximumConfidence=0.5", ["2"]),
            ($"assistant={shop}&start=250", ["3"]),
            ($"intent={m}_pay,{m}_buy&assistant=", ["3", "2", "1"]),
        };
        foreach (var (query, expected) in cases)
        {
            var (senders, total, _) = await ListAsync(query);
            Assert.True(expected.Select(e => $"{m}-{e}").SequenceEqual(senders), $"{query}: got [{string.Join(", ", senders)}]");
            Assert.Equal(query.Contains("limit=1", StringComparison.Ordinal) ? 2 : expected.Length, total);
        }

        Assert.Equal([$"{m}_buy", $"{m}_pay"], await GetAsync<List<string>>($"/api/conversationIntents?assistant={shop}"));
        Assert.Equal([$"{m}_pay"], await GetAsync<List<string>>($"/api/conversationIntents?assistant={bank}"));
        Assert.Equal([$"{m}_item"], await GetAsync<List<string>>($"/api/conversationEntities?assistant={shop}"));
        Assert.Equal([$"{m}_sell", $"{m}_transfer"], await GetAsync<List<string>>($"/api/conversationActions?assistant={shop},{bank}"));
        Assert.Equal([$"{m}Policy"], await GetAsync<List<string>>($"/api/conversationPolicies?assistant={bank}"));
        Assert.Equal([$"{m}_phone"], await GetAsync<List<string>>($"/api/conversationInputChannels?assistant={bank}"));
        Assert.Empty(await GetAsync<List<string>>($"/api/conversationIntents?assistant={idle}"));

        var assistants = (await GetAsync<List<JsonElement>>("/api/assistants"))
            .Select(a => (Name: a.GetProperty("name").GetString()!, Conversations: a.GetProperty("conversations").GetInt64()))
            .ToList();
        Assert.Equal(assistants.Select(a => a.Name).Order(StringComparer.Ordinal), assistants.Select(a => a.Name));
        Assert.Equal([(bank, 1L), (shop, 2L)], assistants.Where(a => a.Name.StartsWith(m, StringComparison.Ordinal)));
    }

    [ContractTheory]
    [InlineData("assistant=a,,b")]
    [InlineData("assistant=a,")]
    [InlineData("assistant=,a")]
    [InlineData("assistant=a,%20")]
    [InlineData("assistant=ok,LONG")]
    [InlineData("assistant=MANY")]
    public async Task Assistant_BadNames_Is400NamingIt_OnTheListingAndEveryDistinctList(string query)
    {
        query = query
            .Replace("LONG", new string('x', 201), StringComparison.Ordinal)
            .Replace("MANY", string.Join(',', Enumerable.Range(0, 101).Select(i => $"a{i}")), StringComparison.Ordinal);

        foreach (var path in new[] { "conversations", "conversationIntents", "conversationEntities", "conversationActions", "conversationPolicies", "conversationInputChannels" })
        {
            using var response = await _client.GetAsync(new Uri($"/api/{path}?{query}", UriKind.Relative));

            await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "assistant");
        }
    }

    [ContractFact]
    public async Task SharedData_EveryConversationIsListed_WithTheMetadataOfItsEvents()
    {
        using var own = new TFactory();
        using var client = own.CreateClient();
        var expected = new Dictionary<string, ConversationMetadata>();
        foreach (var (_, senderId, events) in SharedDataConversations.All())
        {
            using var put = await client.PutAsync(
                new Uri($"/api/conversations/{Uri.EscapeDataString(senderId)}/tracker", UriKind.Relative),
                new StringContent(events.GetRawText(), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            var stored = JsonDocument.Parse(await client.GetStringAsync(new Uri($"/api/conversations/{Uri.EscapeDataString(senderId)}/events", UriKind.Relative))).RootElement;
            expected[senderId] = MetadataBuilder.Build(
                senderId,
                stored.EnumerateArray().Select((e, i) => new StoredEvent(i, e.GetProperty("event").GetString()!, e.GetProperty("timestamp").GetDouble(), e.GetRawText(), null)));
        }

        await WaitForMetadataAsync(client);

        using var response = await client.GetAsync(new Uri("/api/conversations?limit=1000", UriKind.Relative));
        var listed = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray().ToList();
        Assert.Equal(expected.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal(expected.Count, listed.Count);
        foreach (var item in listed)
        {
            var m = expected[item.GetProperty("sender_id").GetString()!];
            Assert.Equal(m.Intents, Strings(item, "intents"));
            Assert.Equal(m.Entities, Strings(item, "entities"));
            Assert.Equal(m.Actions, Strings(item, "actions"));
            Assert.Equal(m.Policies, Strings(item, "policies"));
            Assert.Equal(m.UserMessageCount, item.GetProperty("n_user_messages").GetInt32());
            Assert.Equal(m.InTrainingData, item.GetProperty("in_training_data").GetBoolean());
        }

        var intents = JsonSerializer.Deserialize<List<string>>(await client.GetStringAsync(new Uri("/api/conversationIntents", UriKind.Relative)))!;
        Assert.Equal(expected.Values.SelectMany(v => v.Intents).Distinct().Order(StringComparer.Ordinal), intents);
        Assert.NotEmpty(intents);
    }

    private static List<string> Strings(JsonElement item, string property) =>
        [.. item.GetProperty(property).EnumerateArray().Select(e => e.GetString()!)];

    private static string Marker() => "m" + Guid.NewGuid().ToString("N")[..12];

    private static string[] Named(string marker, params string[] names) => [.. names.Select(n => $"{marker}-{n}")];

    private async Task<(List<string> Senders, long Total, long? NextOffset)> ListAsync(string query)
    {
        using var response = await _client.GetAsync(new Uri($"/api/conversations?{query}", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {body}");
        var senders = JsonDocument.Parse(body).RootElement.EnumerateArray().Select(e => e.GetProperty("sender_id").GetString()!).ToList();
        var total = long.Parse(response.Headers.GetValues("X-Total-Count").Single(), System.Globalization.CultureInfo.InvariantCulture);
        long? next = response.Headers.TryGetValues("next_offset", out var values)
            ? long.Parse(values.Single(), System.Globalization.CultureInfo.InvariantCulture)
            : null;
        return (senders, total, next);
    }

    private async Task<T> GetAsync<T>(string path) =>
        JsonSerializer.Deserialize<T>(await _client.GetStringAsync(new Uri(path, UriKind.Relative)))!;

    private async Task PutAsync(string sender, string events)
    {
        using var response = await _client.PutAsync(
            new Uri($"/api/conversations/{sender}/tracker", UriKind.Relative),
            new StringContent(events, Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private Task WaitForMetadataAsync() => WaitForMetadataAsync(_client);

    /// <summary>Waits until the service has loaded its listing index, which it does in the background at startup.</summary>
    private async Task IndexLoadedAsync()
    {
        var host = factory.Services.GetRequiredService<ListingIndexHost>();
        for (var i = 0; i < 200 && !host.Loaded; i++)
        {
            await Task.Delay(50);
        }

        Assert.True(host.Loaded, "the listing index did not load within 10 s");
    }

    /// <summary>Waits until the metadata job has emptied the queue: the listing then shows every write.</summary>
    private static async Task WaitForMetadataAsync(HttpClient client)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var status = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/admin/metadata", UriKind.Relative))).RootElement;
            if (status.GetProperty("pending").GetInt64() == 0)
            {
                return;
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "the metadata job did not catch up within 60 s");
            await Task.Delay(50);
        }
    }
}

public sealed class SqliteListingApiTests(SqliteApiFactory factory) : ListingApiTests<SqliteApiFactory>(factory);

[RequiresPostgreSql]
public sealed class PostgreSqlListingApiTests(PostgreSqlApiFactory factory) : ListingApiTests<PostgreSqlApiFactory>(factory);
