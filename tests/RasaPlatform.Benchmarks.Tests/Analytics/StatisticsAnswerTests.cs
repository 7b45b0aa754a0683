using System.Text.Json;
using RasaPlatform.Benchmarks.Run.Analytics;

namespace RasaPlatform.Benchmarks.Tests.Analytics;

public class StatisticsAnswerTests
{
    [Fact]
    public void FromSql_TopByCountThenOrdinalName_BlanksDropped_PolicyPrefixesMerged()
    {
        var answer = StatisticsAnswer.FromSql(Lists(policies: [("policy_0_TEDPolicy", 2), ("TEDPolicy", 3), ("policy_1_RulePolicy", 4), ("", 9), (null, 9)]), limit: 2);

        Assert.Equal((7, 5), (answer.UserMessages, answer.BotMessages));
        Assert.Equal([("b", 3), ("B", 2)], answer.TopIntents);
        Assert.Equal([("TEDPolicy", 5), ("RulePolicy", 4)], answer.TopPolicies);
    }

    [Fact]
    public void FromService_ReadsTheWireNames()
    {
        using var json = JsonDocument.Parse("""
            {"user_messages": 7, "bot_messages": 5, "top_intents": [{"name": "b", "count": 3}], "top_entities": [],
             "top_actions": [{"name": "utter_hi", "count": 2}], "top_policies": [{"name": "TEDPolicy", "count": 2}]}
            """);

        var answer = StatisticsAnswer.FromService(json.RootElement);

        Assert.Equal((7, 5), (answer.UserMessages, answer.BotMessages));
        Assert.Equal([("b", 3)], answer.TopIntents);
        Assert.Empty(answer.TopEntities);
        Assert.Equal([("utter_hi", 2)], answer.TopActions);
    }

    [Fact]
    public void Disagreement_Equal_IsNone()
    {
        var sql = StatisticsAnswer.FromSql(Lists(), limit: 10);

        Assert.Null((sql with { TopIntents = [.. sql.TopIntents] }).Disagreement(sql));
    }

    [Fact]
    public void Disagreement_NamesTotalsOrCounts_SaysWhich()
    {
        var sql = StatisticsAnswer.FromSql(Lists(), limit: 10);
        var ours = sql with { BotMessages = 6, TopIntents = [("b", 3), ("B", 1), ("a", 1)] };

        Assert.Equal("user/bot messages 7/6, SQL 7/5; top_intents [b 3, B 1, a 1], SQL [b 3, B 2, a 1]", ours.Disagreement(sql));
    }

    private static Dictionary<string, IReadOnlyList<(string? Text, long Count)>> Lists(IReadOnlyList<(string?, long)>? policies = null) => new()
    {
        [AnalyticsSql.Totals] = [("bot", 5), ("user", 7)],
        [AnalyticsSql.Intents] = [("a", 1), ("B", 2), ("b", 3)],
        [AnalyticsSql.Entities] = [],
        [AnalyticsSql.Actions] = [("utter_hi", 2)],
        [AnalyticsSql.Policies] = policies ?? [],
    };
}
