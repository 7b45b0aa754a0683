using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using RasaPlatform.Core.Analytics;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Tests.Import;
using RasaPlatform.Testing;
using static RasaPlatform.Core.Tests.Analytics.AnalyticsEvents;

namespace RasaPlatform.Core.Tests.Analytics;

public class AnalyticsCalculatorTests
{
    private const double Day1 = 1_704_067_200; // 2024-01-01T00:00:00Z
    private const double Day = 86_400;

    [Fact]
    public void Compute_Rasa16Conversation_OneNewUserOneSessionNoPhantom()
    {
        var result = Compute(DaysUtc(1), Conversation("a", [.. SessionStart(Day1 + 10), .. Turn(Day1 + 20), .. Turn(Day1 + 30)]));

        Assert.Equal([1L], result.NewUsers);
        Assert.Equal([1L], result.Conversations);
        Assert.Equal([2L], result.UserMessages);
        Assert.Equal([2L], result.BotMessages);
        Assert.Equal([4L], result.TotalMessages);
        Assert.Equal([1.0], result.SessionsPerUser);
        Assert.Equal([2.0], result.ConversationSteps);
        Assert.Equal(20.3, result.ConversationLength[0], 6);
    }

    [Fact]
    public void Compute_SessionStraddlingMidnight_MessagesInTheirOwnBinsAndTheSessionInItsStartBin()
    {
        var result = Compute(DaysUtc(2), Conversation("a", [.. SessionStart(Day1 + Day - 60), .. Turn(Day1 + Day - 30), .. Turn(Day1 + Day + 30)]));

        Assert.Equal([1L, 1L], result.UserMessages);
        Assert.Equal([1L, 0L], result.NewUsers);
        Assert.Equal([1L, 1L], result.Conversations);
        Assert.Equal([1L, 0L], result.Sums.Select(s => s.Sessions));
        Assert.Equal([2.0, 0.0], result.ConversationSteps);
        Assert.Equal([1.0, 0.0], result.SessionsPerUser);
        Assert.Equal(90.3, result.ConversationLength[0], 6);
        Assert.Equal(0, result.ConversationLength[1]);
    }

    [Fact]
    public void Compute_SessionStartingBeforeTheRange_ItsMessagesInTheRangeStillCount()
    {
        var bins = AnalyticsBins.Create(Instant(Day1 + Day), Instant(Day1 + (2 * Day)), Window("P1D"), DateTimeZone.Utc);

        var result = Compute(bins, Conversation("a", [.. SessionStart(Day1 + 100), .. Turn(Day1 + 200), .. Turn(Day1 + Day + 50)]));

        Assert.Equal([1L], result.UserMessages);
        Assert.Equal([1L], result.BotMessages);
        Assert.Equal([1L], result.Conversations);
        Assert.Equal([0L], result.NewUsers);
        Assert.Equal([0.0], result.SessionsPerUser);
        Assert.Equal([0.0], result.ConversationLength);
    }

    [Fact]
    public void Compute_ReturningUser_NewUserOnlyOnTheFirstSession_SessionsPerUserCountsBoth()
    {
        var result = Compute(DaysUtc(2),
            Conversation("a", [.. SessionStart(Day1 + 10), .. Turn(Day1 + 20), .. SessionStart(Day1 + 5000), .. Turn(Day1 + 5010), .. Turn(Day1 + 5020)]),
            Conversation("b", [.. SessionStart(Day1 + Day + 10), .. Turn(Day1 + Day + 20)]));

        Assert.Equal([1L, 1L], result.NewUsers);
        Assert.Equal([1L, 1L], result.Conversations);
        Assert.Equal([2.0, 1.0], result.SessionsPerUser);
        Assert.Equal([1.5, 1.0], result.ConversationSteps);     // (1 + 2) / 2 sessions
        Assert.Equal((10.3 + 20.3) / 2, result.ConversationLength[0], 6);
    }

    [Fact]
    public void Compute_EmptyBins_AreZeros()
    {
        var result = Compute(DaysUtc(3), Conversation("a", [.. Turn(Day1 + 10)]));

        Assert.Equal([1L, 0L, 0L], result.UserMessages);
        Assert.Equal([0L, 0L], result.Conversations.Skip(1));
        Assert.Equal([0.0, 0.0], result.SessionsPerUser.Skip(1));
        Assert.Equal([0.0, 0.0], result.ConversationLength.Skip(1));
        Assert.Equal([0.0, 0.0], result.ConversationSteps.Skip(1));
    }

    [Fact]
    public void Compute_FactsOutsideEveryBin_CountNowhere()
    {
        var result = Compute(DaysUtc(1), Conversation("a", [.. Turn(Day1 - 10), .. Turn(Day1 + Day)]));

        Assert.Equal([0L], result.TotalMessages);
        Assert.Equal([0L], result.Conversations);
    }

    [Fact]
    public void Compute_BerlinSpringForwardDay_MessagesByLocalDay()
    {
        var berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
        var bins = AnalyticsBins.Create(At("2024-03-30T12:00:00Z"), At("2024-04-01T12:00:00Z"), Window("1d"), berlin);

        var result = Compute(bins, Conversation("a", [
            .. Turn(Seconds("2024-03-30T22:59:00Z")),   // 23:59 CET, 30 March
            .. Turn(Seconds("2024-03-31T21:30:00Z")),   // 23:30 CEST, 31 March, the 23-hour day
            .. Turn(Seconds("2024-03-31T22:30:00Z")),   // 00:30 CEST, 1 April
        ]));

        Assert.Equal([23.0], bins.Where(b => b.Start == At("2024-03-30T23:00:00Z")).Select(b => b.Width.TotalHours));
        Assert.Equal([1L, 1L, 1L], result.UserMessages);
        Assert.Equal([1L, 0L, 0L], result.NewUsers); // one session: no session_started between the turns
    }

    [Fact]
    public void Compute_ConversationsAreDistinctSenders()
    {
        var result = Compute(DaysUtc(1),
            Conversation("a", [.. Turn(Day1 + 1), .. Turn(Day1 + 2), .. Turn(Day1 + 3)]),
            Conversation("b", [.. Turn(Day1 + 4)]));

        Assert.Equal([2L], result.Conversations);
        Assert.Equal([4L], result.UserMessages);
    }

    [Fact]
    public void Sum_HourlySumsAddUpToTheDailySums_ExceptDistinctConversations()
    {
        ConversationActivity[] conversations =
        [
            Conversation("a", [.. SessionStart(Day1 + 3000), .. Turn(Day1 + 3500), .. Turn(Day1 + 3700), .. SessionStart(Day1 + 9000), .. Turn(Day1 + 9001)]),
            Conversation("b", [.. Turn(Day1 + 100), Restart(Day1 + 200), .. Turn(Day1 + 7300)]),
        ];
        var hourly = AnalyticsCalculator.Sum(conversations, AnalyticsBins.Create(Instant(Day1), Instant(Day1 + Day), Window("PT1H"), DateTimeZone.Utc));
        var daily = Assert.Single(AnalyticsCalculator.Sum(conversations, DaysUtc(1)));

        Assert.Equal(daily.UserMessages, hourly.Sum(s => s.UserMessages));
        Assert.Equal(daily.BotMessages, hourly.Sum(s => s.BotMessages));
        Assert.Equal(daily.Sessions, hourly.Sum(s => s.Sessions));
        Assert.Equal(daily.FirstSessions, hourly.Sum(s => s.FirstSessions));
        Assert.Equal(daily.SessionUserMessages, hourly.Sum(s => s.SessionUserMessages));
        Assert.Equal(daily.SessionLength, hourly.Aggregate(Duration.Zero, (sum, s) => sum + s.SessionLength));
        Assert.Equal(2, daily.ActiveConversations);
        Assert.Equal(5, hourly.Sum(s => s.ActiveConversations)); // a: hours 0, 1, 2; b: hours 0, 2
    }

    [Fact]
    public void FromSums_WrongCount_Throws() =>
        Assert.Throws<ArgumentException>(() => AnalyticsResult.FromSums(DaysUtc(2), [default]));

    [Fact]
    public void Compute_SharedData_MessageCountsMatchADirectCount()
    {
        var activities = new List<ConversationActivity>();
        long users = 0, bots = 0, sessionUsers = 0;
        foreach (var file in SharedData.AllFiles())
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(SharedData.PathOf(file)));
            foreach (var (sender, events) in SharedDataImportTests.ExpectedConversations(document.RootElement))
            {
                var stored = events.Select((e, i) => new StoredEvent(i, e.GetProperty("event").GetString()!, e.GetProperty("timestamp").GetDouble(), e.GetRawText())).ToList();
                users += stored.Count(e => e.Type == EventTypes.User);
                bots += stored.Count(e => e.Type == EventTypes.Bot);
                var activity = ConversationActivity.FromEvents(sender, stored);
                Assert.All(activity.Sessions, s => Assert.True(s.End >= s.Start));
                Assert.True(activity.Sessions.Count(s => s.IsFirst) == (activity.Messages.Count > 0 ? 1 : 0), sender);
                sessionUsers += activity.Sessions.Sum(s => s.UserMessages);
                activities.Add(activity);
            }
        }

        var first = activities.SelectMany(a => a.Messages.Select(m => m.Time).Concat(a.Sessions.Select(s => s.Start))).Min();
        var last = activities.SelectMany(a => a.Messages.Select(m => m.Time)).Max();
        var result = AnalyticsCalculator.Compute(activities, AnalyticsBins.Create(first, last + Duration.Epsilon, null, DateTimeZone.Utc));

        Assert.True(users > 0 && bots > 0);
        Assert.Equal(users, result.UserMessages.Sum());
        Assert.Equal(bots, result.BotMessages.Sum());
        Assert.Equal(users, sessionUsers);
        Assert.Equal(users, result.Sums.Sum(s => s.SessionUserMessages));
        Assert.Equal(activities.Count(a => a.Sessions.Count > 0), result.NewUsers.Sum());
    }

    private static AnalyticsResult Compute(AnalyticsBins bins, params ConversationActivity[] conversations) =>
        AnalyticsCalculator.Compute(conversations, bins);

    private static ConversationActivity Conversation(string sender, IEnumerable<StoredEvent> events) =>
        ConversationActivity.FromEvents(sender, events.Select((e, i) => e with { Sequence = i }));

    private static AnalyticsBins DaysUtc(int days) =>
        AnalyticsBins.Create(Instant(Day1), Instant(Day1 + (days * Day)), Window("P1D"), DateTimeZone.Utc);

    private static AnalyticsWindow Window(string text) => AnalyticsWindow.Parse("window", text)!;

    private static Instant Instant(double seconds) => Core.Queries.TimeArgument.FromUnixSeconds("t", seconds);

    private static Instant At(string text) => InstantPattern.ExtendedIso.Parse(text).Value;

    private static double Seconds(string text) => At(text).ToUnixTimeSeconds();
}
