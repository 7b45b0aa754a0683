using System.Text.Json;
using NodaTime;
using RasaPlatform.Core.Analytics;
using RasaPlatform.Core.Events;
using RasaPlatform.Testing;
using static RasaPlatform.Core.Tests.Analytics.AnalyticsEvents;

namespace RasaPlatform.Core.Tests.Analytics;

public class StatisticsBuilderTests
{
    [Fact]
    public void Build_CountsMessagesAndTopLists()
    {
        var statistics = Build(null, null, 10,
            User(1, "greet"), User(2, "greet"), User(3, "bye"), Bot(4), Bot(5),
            Action(6, "action_listen", "policy_0_MemoizationPolicy"),
            Action(7, "utter_greet", "policy_0_MemoizationPolicy"),
            Action(8, "utter_greet", "policy_2_TEDPolicy"),
            Action(9, "utter_bye", null),
            Entity(10, "inform", "city", "city", "date"));

        Assert.Equal(4, statistics.UserMessages);
        Assert.Equal(2, statistics.BotMessages);
        Assert.Equal([new("greet", 2), new("bye", 1), new("inform", 1)], statistics.TopIntents);
        Assert.Equal([new("city", 2), new("date", 1)], statistics.TopEntities);
        Assert.Equal([new("utter_greet", 2), new("utter_bye", 1)], statistics.TopActions);           // no action_listen
        Assert.Equal([new("MemoizationPolicy", 1), new("TEDPolicy", 1)], statistics.TopPolicies);   // nor its policy
    }

    [Fact]
    public void Build_Limit_CutsEveryList_TiesByName()
    {
        var statistics = Build(null, null, 2, User(1, "c"), User(2, "b"), User(3, "a"), User(4, "c"));

        Assert.Equal([new("c", 2), new("a", 1)], statistics.TopIntents);
        Assert.Equal(3, Build(null, null, ConversationStatistics.DefaultLimit, User(1, "a"), User(2, "b"), User(3, "c"), User(4, "d")).TopIntents.Count);
    }

    [Fact]
    public void Build_Bounds_AreInclusiveAtBothEnds()
    {
        var statistics = Build(Instant.FromUnixTimeSeconds(2), Instant.FromUnixTimeSeconds(4), 10,
            User(1), User(2), User(3), User(4), User(5), Bot(1.5), Bot(4));

        Assert.Equal(3, statistics.UserMessages);
        Assert.Equal(1, statistics.BotMessages);
    }

    [Fact]
    public void Build_EventsWithoutParseDataOrPolicy_CountOnlyAsMessagesOrActions()
    {
        var statistics = Build(null, null, 10,
            new StoredEvent(0, "user", 1, """{"event":"user","timestamp":1,"text":"hi"}"""),
            new StoredEvent(1, "user", 2, """{"event":"user","timestamp":2,"parse_data":{"intent":{"name":null},"entities":[{"value":"x"}]}}"""),
            new StoredEvent(2, "action", 3, """{"event":"action","timestamp":3,"name":"utter_x"}"""));

        Assert.Equal(2, statistics.UserMessages);
        Assert.Empty(statistics.TopIntents);
        Assert.Empty(statistics.TopEntities);
        Assert.Equal([new("utter_x", 1)], statistics.TopActions);
        Assert.Empty(statistics.TopPolicies);
    }

    [Fact]
    public void Build_SharedData_UserMessagesMatchADirectCount()
    {
        var builder = new StatisticsBuilder();
        long users = 0, actions = 0;
        foreach (var file in SharedData.AllFiles())
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(SharedData.PathOf(file)));
            foreach (var (_, events) in Import.SharedDataImportTests.ExpectedConversations(document.RootElement))
            {
                foreach (var e in events)
                {
                    var type = e.GetProperty("event").GetString()!;
                    users += type == EventTypes.User ? 1 : 0;
                    actions += type == EventTypes.Action && e.GetProperty("name").GetString() != "action_listen" ? 1 : 0;
                    builder.Add(new StoredEvent(0, type, e.GetProperty("timestamp").GetDouble(), e.GetRawText()));
                }
            }
        }

        var statistics = builder.Build(ConversationStatistics.MaximumLimit);

        Assert.Equal(users, statistics.UserMessages);
        Assert.Equal(actions, statistics.TopActions.Sum(a => a.Count));
        Assert.DoesNotContain(statistics.TopPolicies, p => p.Name.StartsWith("policy_", StringComparison.Ordinal));
        Assert.Contains(statistics.TopPolicies, p => p.Name == "MemoizationPolicy");
    }

    private static StoredEvent Entity(double t, string intentName, params string[] entities)
    {
        var list = string.Join(",", entities.Select(e => "{\"entity\":\"" + e + "\"}"));
        var json = "{\"event\":\"user\",\"timestamp\":" + t.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",\"parse_data\":{\"intent\":{\"name\":\"" + intentName + "\"},\"entities\":[" + list + "]}}";
        return new StoredEvent(0, "user", t, json);
    }

    private static ConversationStatistics Build(Instant? start, Instant? until, int limit, params StoredEvent[] events)
    {
        var builder = new StatisticsBuilder(start, until);
        foreach (var e in events)
        {
            builder.Add(e);
        }

        return builder.Build(limit);
    }
}
