using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using RasaPlatform.Core.Analytics;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Import;
using RasaPlatform.Core.Storage;
using RasaPlatform.Testing;
using RasaPlatform.Testing.PostgreSql;
using static RasaPlatform.Api.Tests.ServiceWrites;

namespace RasaPlatform.Api.Tests;

/// <summary>
/// <c>GET /analytics</c> through HTTP on hand-built conversations: hourly bins with sessions cut every way Rasa writes
/// them, calendar days across daylight saving changes, fixed and month windows, the defaults, 404 and bad parameters.
/// </summary>
/// <remarks>Tests share the service, so each keeps its events in a year of its own and asks with explicit bounds.</remarks>
public abstract class AnalyticsApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory, new()
{
    private readonly HttpClient _client = factory.CreateClient();

    [ContractFact]
    public async Task Analytics_HourlyBins_MessagesInTheirOwnBin_SessionsInTheBinOfTheirStart()
    {
        const long t = 1_622_505_600; // 2021-06-01T00:00:00Z
        var m = Marker();

        // A (Rasa >= 1.6): a session from 00:10 to 01:10 with two user messages, then a second session at 02:05.
        await PutAsync(_client, $"{m}-a", $$$$"""
            [{"event":"action","timestamp":{{{{t + 600}}}},"name":"action_session_start"},
             {"event":"session_started","timestamp":{{{{t + 600}}}}},
             {"event":"action","timestamp":{{{{t + 600}}}},"name":"action_listen"},
             {"event":"user","timestamp":{{{{t + 660}}}},"text":"hi","parse_data":{"intent":{"name":"greet"}}},
             {"event":"action","timestamp":{{{{t + 661}}}},"name":"utter_greet","policy":"policy_0_MemoizationPolicy"},
             {"event":"bot","timestamp":{{{{t + 662}}}},"text":"hello"},
             {"event":"action","timestamp":{{{{t + 663}}}},"name":"action_listen"},
             {"event":"user","timestamp":{{{{t + 4200}}}},"text":"still there?"},
             {"event":"bot","timestamp":{{{{t + 4210}}}},"text":"yes"}]
            """);
        await PostAsync(_client, $"{m}-a", $$$$"""
            [{"event":"action","timestamp":{{{{t + 7500}}}},"name":"action_session_start"},
             {"event":"session_started","timestamp":{{{{t + 7500}}}}},
             {"event":"action","timestamp":{{{{t + 7500}}}},"name":"action_listen"},
             {"event":"user","timestamp":{{{{t + 7560}}}},"text":"back again"},
             {"event":"bot","timestamp":{{{{t + 7570}}}},"text":"welcome back"}]
            """);

        // B (Rasa < 1.6): a restart closes its 20 s session; the next message opens a 30 s one.
        await PutAsync(_client, $"{m}-b", $$$$"""
            [{"event":"user","timestamp":{{{{t + 3700}}}},"text":"hi"},
             {"event":"bot","timestamp":{{{{t + 3710}}}},"text":"hello"},
             {"event":"restart","timestamp":{{{{t + 3720}}}}},
             {"event":"user","timestamp":{{{{t + 3800}}}},"text":"again"},
             {"event":"bot","timestamp":{{{{t + 3830}}}},"text":"hello again"}]
            """);

        // C: a session starting at 00:50 whose bot answer falls in the next hour.
        await PutAsync(_client, $"{m}-c", $$$$"""
            [{"event":"user","timestamp":{{{{t + 3000}}}},"text":"anyone?"},
             {"event":"bot","timestamp":{{{{t + 3650}}}},"text":"sorry, yes"}]
            """);
        await WaitForMetadataAsync(_client);

        var result = await GetJsonAsync(_client, "/api/analytics?start=2021-06-01T00:00:00Z&end=2021-06-01T03:00:00Z&window=1h");

        Assert.Equal([2L, 1, 0], Longs(result, "new_users"));
        Assert.Equal([2L, 3, 1], Longs(result, "conversations"));
        Assert.Equal([2L, 3, 1], Longs(result, "user_messages"));
        Assert.Equal([1L, 4, 1], Longs(result, "bot_messages"));
        Assert.Equal([3L, 7, 2], Longs(result, "total_messages"));
        Assert.Equal([1.0, 2.0 / 3, 1.0], Doubles(result, "sessions_per_user"));
        Assert.Equal([(3610.0 + 650) / 2, (20.0 + 30) / 2, 70], Doubles(result, "conversation_length"));
        Assert.Equal([1.5, 1.0, 1.0], Doubles(result, "conversation_steps"));
        Assert.Equal([t, t + 3600.0, t + 7200], Doubles(result, "bin_starts"));
        Assert.Equal([t + 3600.0, t + 7200, t + 10800], Doubles(result, "bin_ends"));
        Assert.Equal([t + 1800.0, t + 5400, t + 9000], Doubles(result, "bin_centers"));
        Assert.Equal(3600, result.GetProperty("bin_width").GetDouble());

        foreach (var window in new[] { "PT1H", "60m", "1:00:00", "3600s", "1%20hour" })
        {
            JsonAssert.Equal(result, await GetJsonAsync(_client, $"/api/analytics?start={t}&end={t + 10800}&window={window}"));
        }
    }

    [ContractFact]
    public async Task Analytics_DailyBinsInBerlin_SpringForwardDayIs23Hours_AutumnDay25()
    {
        var m = Marker();

        // 2024-03-30 23:30 CET, 2024-03-31 00:30 CET, 2024-03-31 23:30 CEST, 2024-04-01 00:30 CEST.
        await PutAsync(_client, $"{m}-dst", """
            [{"event":"user","timestamp":1711837800,"text":"a"},
             {"event":"user","timestamp":1711841400,"text":"b"},
             {"event":"user","timestamp":1711920600,"text":"c"},
             {"event":"user","timestamp":1711924200,"text":"d"}]
            """);
        await WaitForMetadataAsync(_client);

        const string range = "start=2024-03-30T00:00:00%2B01:00&end=2024-04-02T00:00:00%2B02:00";
        var berlin = await GetJsonAsync(_client, $"/api/analytics?{range}&window=1d&tz=Europe/Berlin");

        // Local midnights: 2024-03-29T23:00Z, 2024-03-30T23:00Z, 2024-03-31T22:00Z (CEST from 02:00 on the 31st).
        Assert.Equal([1711753200.0, 1711839600, 1711922400], Doubles(berlin, "bin_starts"));
        Assert.Equal([1711839600.0, 1711922400, 1712008800], Doubles(berlin, "bin_ends"));
        Assert.Equal([1711796400.0, 1711881000, 1711965600], Doubles(berlin, "bin_centers"));
        Assert.Equal(86_400, berlin.GetProperty("bin_width").GetDouble());
        Assert.Equal([1L, 2, 1], Longs(berlin, "user_messages"));
        Assert.Equal([1L, 0, 0], Longs(berlin, "new_users"));
        Assert.Equal([1L, 1, 1], Longs(berlin, "conversations"));
        JsonAssert.Equal(berlin, await GetJsonAsync(_client, $"/api/analytics?{range}&window=P1D&tz=Europe/Berlin"));

        // The same range in UTC days: the day of the start in UTC is the 29th, and the last message is on the 31st.
        var utc = await GetJsonAsync(_client, $"/api/analytics?{range}&window=P1D");
        Assert.Equal([1711670400.0, 1711756800, 1711843200, 1711929600], Doubles(utc, "bin_starts"));
        Assert.Equal([0L, 2, 2, 0], Longs(utc, "user_messages"));

        var autumn = await GetJsonAsync(_client, "/api/analytics?start=2024-10-26T12:00:00Z&end=2024-10-27T12:00:00Z&window=P1D&tz=Europe/Berlin");
        Assert.Equal([1729893600.0, 1729980000], Doubles(autumn, "bin_starts"));
        Assert.Equal([1729980000.0, 1730070000], Doubles(autumn, "bin_ends"));
        Assert.Equal([0L, 0], Longs(autumn, "user_messages"));
    }

    [ContractFact]
    public async Task Analytics_FixedWindows_StepFromStart_WhateverTheZone()
    {
        const long t = 1_640_995_200; // 2022-01-01T00:00:00Z
        await PutAsync(_client, $"{Marker()}-fixed", $$$$"""
            [{"event":"user","timestamp":{{{{t + 100}}}},"text":"a"},
             {"event":"user","timestamp":{{{{t + 5400}}}},"text":"b"},
             {"event":"user","timestamp":{{{{t + 14000}}}},"text":"c"}]
            """);
        await WaitForMetadataAsync(_client);

        // 4 h in 90 min bins: three bins, the last ending after `end`; a message on an edge is in the later bin.
        var ninety = await GetJsonAsync(_client, $"/api/analytics?start={t}&end={t + 14400}&window=90m");
        Assert.Equal([t, t + 5400.0, t + 10800], Doubles(ninety, "bin_starts"));
        Assert.Equal([t + 5400.0, t + 10800, t + 16200], Doubles(ninety, "bin_ends"));
        Assert.Equal(5400, ninety.GetProperty("bin_width").GetDouble());
        Assert.Equal([1L, 1, 1], Longs(ninety, "user_messages"));
        foreach (var same in new[] { "window=PT1H30M", "window=1.5h", "window=1h/30m", "window=90m&tz=Pacific/Chatham" })
        {
            JsonAssert.Equal(ninety, await GetJsonAsync(_client, $"/api/analytics?start={t}&end={t + 14400}&{same}"));
        }

        // pytimeparse reads 1:30 as MM:SS: 90 seconds.
        var clock = await GetJsonAsync(_client, $"/api/analytics?start={t}&end={t + 300}&window=1:30");
        Assert.Equal([t, t + 90.0, t + 180, t + 270], Doubles(clock, "bin_starts"));
        Assert.Equal(90, clock.GetProperty("bin_width").GetDouble());
        Assert.Equal([0L, 1, 0, 0], Longs(clock, "user_messages"));
    }

    [ContractFact]
    public async Task Analytics_MonthWindow_BinsAreCalendarMonths_FirstStartsOnThe1st()
    {
        await PutAsync(_client, $"{Marker()}-months", """
            [{"event":"user","timestamp":1672617600,"text":"2 Jan, before the start"},
             {"event":"user","timestamp":1675209599,"text":"31 Jan 23:59:59"},
             {"event":"user","timestamp":1675209600,"text":"1 Feb 00:00"},
             {"event":"user","timestamp":1678363200,"text":"9 Mar 12:00"}]
            """);
        await WaitForMetadataAsync(_client);

        var result = await GetJsonAsync(_client, "/api/analytics?start=2023-01-15&end=2023-03-10&window=P1M");

        Assert.Equal([1672531200.0, 1675209600, 1677628800], Doubles(result, "bin_starts"));
        Assert.Equal([1675209600.0, 1677628800, 1680307200], Doubles(result, "bin_ends"));
        Assert.Equal(2_629_746, result.GetProperty("bin_width").GetDouble());
        Assert.Equal([2L, 1, 1], Longs(result, "user_messages"));
        Assert.Equal([1L, 0, 0], Longs(result, "new_users"));
        Assert.Equal([1L, 1, 1], Longs(result, "conversations"));
        Assert.Equal([1.0, 0, 0], Doubles(result, "sessions_per_user"));
        Assert.Equal([1678363200.0 - 1672617600, 0, 0], Doubles(result, "conversation_length"));
        Assert.Equal([4.0, 0, 0], Doubles(result, "conversation_steps"));
    }

    [ContractFact]
    public async Task Analytics_EmptyStore_NoBound_Is404_BothBounds_ZeroBins()
    {
        using var own = new TFactory();
        using var client = own.CreateClient();

        foreach (var query in new[] { "", "?start=0", "?end=100", "?window=1h" })
        {
            using var response = await client.GetAsync(new Uri($"/api/analytics{query}", UriKind.Relative));
            await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, field: null);
        }

        var zeros = await GetJsonAsync(client, "/api/analytics?start=0&end=100");
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i * 10.0), Doubles(zeros, "bin_starts"));
        Assert.Equal(10, zeros.GetProperty("bin_width").GetDouble());
        Assert.All(Longs(zeros, "total_messages"), n => Assert.Equal(0, n));
        Assert.All(Doubles(zeros, "conversation_length"), x => Assert.Equal(0, x));
    }

    [ContractFact]
    public async Task Analytics_Defaults_FirstToLastUserMessage_TenBins_TheLastMessageCounted()
    {
        using var own = new TFactory();
        using var client = own.CreateClient();
        await PutAsync(client, "defaults", """
            [{"event":"bot","timestamp":990,"text":"before the first user message"},
             {"event":"user","timestamp":1000,"text":"first"},
             {"event":"bot","timestamp":1050,"text":"middle"},
             {"event":"user","timestamp":1100,"text":"last"},
             {"event":"bot","timestamp":1200,"text":"after the last user message"}]
            """);
        await WaitForMetadataAsync(client);

        // 1000 to just after 1100: ten bins of ceil(100.000000001 / 10) = 11 s.
        var all = await GetJsonAsync(client, "/api/analytics");
        Assert.Equal(Enumerable.Range(0, 10).Select(i => 1000 + (i * 11.0)), Doubles(all, "bin_starts"));
        Assert.Equal(11, all.GetProperty("bin_width").GetDouble());
        Assert.Equal([1L, 0, 0, 0, 0, 0, 0, 0, 0, 1], Longs(all, "user_messages"));
        Assert.Equal([0L, 0, 0, 0, 1, 0, 0, 0, 0, 0], Longs(all, "bot_messages"));
        Assert.Equal([0L, 0, 0, 0, 0, 0, 0, 0, 0, 0], Longs(all, "new_users"));

        // Only the end given: from the first user message; the range [1000, 1050) leaves the bot message at 1050 out.
        var untilMiddle = await GetJsonAsync(client, "/api/analytics?end=1050");
        Assert.Equal(Enumerable.Range(0, 10).Select(i => 1000 + (i * 5.0)), Doubles(untilMiddle, "bin_starts"));
        Assert.Equal([1L, 0, 0, 0, 0, 0, 0, 0, 0, 0], Longs(untilMiddle, "user_messages"));
        Assert.All(Longs(untilMiddle, "bot_messages"), n => Assert.Equal(0, n));

        // Only the start given: to just after the last user message, in 6 s bins.
        var fromMiddle = await GetJsonAsync(client, "/api/analytics?start=1050");
        Assert.Equal(Enumerable.Range(0, 10).Select(i => 1050 + (i * 6.0)), Doubles(fromMiddle, "bin_starts"));
        Assert.Equal([0L, 0, 0, 0, 0, 0, 0, 0, 1, 0], Longs(fromMiddle, "user_messages"));
        Assert.Equal([1L, 0, 0, 0, 0, 0, 0, 0, 0, 0], Longs(fromMiddle, "bot_messages"));

        // A start after every user message: the defaulted end is the start, and the one bin holds the start.
        var late = await GetJsonAsync(client, "/api/analytics?start=1200&window=1h");
        Assert.Equal([1200.0], Doubles(late, "bin_starts"));
        Assert.Equal([1L], Longs(late, "bot_messages"));
    }

    [ContractFact]
    public async Task SharedData_Imported_StatisticsAndAnalyticsAgreeWithTheStoredEvents()
    {
        using var own = new TFactory();
        using var client = own.CreateClient();
        var runner = new ImportRunner(own.Services.GetRequiredService<IConversationStore>(), own.Clock);
        var summary = await runner.RunAsync([SharedData.Root], TextWriter.Null, CancellationToken.None);
        Assert.Equal(0, summary.Rejected);
        await WaitForMetadataAsync(client);

        // What is stored, read back through the API: the import skips events equal to stored ones.
        var statistics = new StatisticsBuilder();
        var activities = new List<ConversationActivity>();
        var timestamps = new List<double>();
        foreach (var sender in SharedDataConversations.All().Select(c => c.SenderId).Distinct())
        {
            var events = await GetJsonAsync(client, $"/api/conversations/{Uri.EscapeDataString(sender)}/events");
            var stored = events.EnumerateArray()
                .Select((e, i) => new StoredEvent(i, e.GetProperty("event").GetString()!, e.GetProperty("timestamp").GetDouble(), e.GetRawText()))
                .ToList();
            stored.ForEach(statistics.Add);
            activities.Add(ConversationActivity.FromEvents(sender, stored));
            timestamps.AddRange(stored.Select(e => e.Timestamp));
        }

        var expected = statistics.Build(ConversationStatistics.MaximumLimit);
        Assert.True(expected.UserMessages >= 30, "the shared data should hold many user messages");
        var served = await GetJsonAsync(client, "/api/statistics?limit=1000");
        Assert.Equal(expected.UserMessages, served.GetProperty("user_messages").GetInt64());
        Assert.Equal(expected.BotMessages, served.GetProperty("bot_messages").GetInt64());
        Assert.Equal(expected.TopIntents, Top(served, "top_intents"));
        Assert.Equal(expected.TopEntities, Top(served, "top_entities"));
        Assert.Equal(expected.TopActions, Top(served, "top_actions"));
        Assert.Equal(expected.TopPolicies, Top(served, "top_policies"));

        // One fixed bin over every event: the reference fold of the same events gives every value.
        var start = (long)Math.Floor(timestamps.Min());
        var end = (long)Math.Floor(timestamps.Max()) + 1;
        var oneBin = await GetJsonAsync(client, $"/api/analytics?start={start}&end={end}&window=PT{end - start}S");
        var bins = AnalyticsBins.Create(
            Instant.FromUnixTimeSeconds(start), Instant.FromUnixTimeSeconds(end), AnalyticsWindow.Parse("window", $"PT{end - start}S"), DateTimeZone.Utc);
        var reference = AnalyticsCalculator.Compute(activities, bins);
        Assert.Equal([expected.UserMessages], Longs(oneBin, "user_messages"));
        Assert.Equal([expected.BotMessages], Longs(oneBin, "bot_messages"));
        Assert.Equal([activities.Count(a => a.Sessions.Count > 0)], Longs(oneBin, "new_users"));
        Assert.Equal(reference.NewUsers, Longs(oneBin, "new_users"));
        Assert.Equal(reference.Conversations, Longs(oneBin, "conversations"));
        Assert.Equal(reference.SessionsPerUser, Doubles(oneBin, "sessions_per_user"));
        Assert.Equal(reference.ConversationLength, Doubles(oneBin, "conversation_length"));
        Assert.Equal(reference.ConversationSteps, Doubles(oneBin, "conversation_steps"));

        // The defaults, from the first user message, in one calendar bin of 36,500 days.
        var defaults = await GetJsonAsync(client, "/api/analytics?window=36500d");
        Assert.Equal([expected.UserMessages], Longs(defaults, "user_messages"));
    }

    private static List<NameCount> Top(JsonElement statistics, string property) =>
        [.. statistics.GetProperty(property).EnumerateArray().Select(e => new NameCount(e.GetProperty("name").GetString()!, e.GetProperty("count").GetInt64()))];

    [ContractTheory]
    [InlineData("window=10", "window")]
    [InlineData("window=4s3m", "window")]
    [InlineData("window=1w1w", "window")]
    [InlineData("window=0s", "window")]
    [InlineData("window=-1h", "window")]
    [InlineData("window=P1MT1H", "window")]
    [InlineData("window=P101Y", "window")]
    [InlineData("start=2020-01-01&end=2021-01-01&window=1s", "window")]
    [InlineData("start=2000-01-01&end=2040-01-01&window=P1D", "window")]
    [InlineData("tz=Mars/Base", "tz")]
    [InlineData("tz=%2B01:00", "tz")]
    [InlineData("assistant=sales,,support", "assistant")]
    [InlineData("start=yesterday", "start")]
    [InlineData("start=1,5", "start")]
    [InlineData("end=2024-13-01", "end")]
    [InlineData("start=2000&end=1000", "end")]
    [InlineData("start=2024-01-02&end=2024-01-01T23:59:59%2B00:00", "end")]
    public async Task Analytics_BadParameter_Is400ProblemNamingIt(string query, string field)
    {
        using var response = await _client.GetAsync(new Uri($"/api/analytics?{query}", UriKind.Relative));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, field);
    }
}

public sealed class SqliteAnalyticsApiTests(SqliteApiFactory factory) : AnalyticsApiTests<SqliteApiFactory>(factory);

[RequiresPostgreSql]
public sealed class PostgreSqlAnalyticsApiTests(PostgreSqlApiFactory factory) : AnalyticsApiTests<PostgreSqlApiFactory>(factory);
