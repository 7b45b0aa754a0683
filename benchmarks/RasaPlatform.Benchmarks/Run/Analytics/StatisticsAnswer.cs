using System.Globalization;
using System.Text.Json;
using RasaPlatform.Benchmarks.Run.Listing;

namespace RasaPlatform.Benchmarks.Run.Analytics;

/// <summary>One statistics answer, from the service or from the baseline SQL: totals and top lists of (name, count).</summary>
internal sealed record StatisticsAnswer(
    long UserMessages,
    long BotMessages,
    IReadOnlyList<(string Name, long Count)> TopIntents,
    IReadOnlyList<(string Name, long Count)> TopEntities,
    IReadOnlyList<(string Name, long Count)> TopActions,
    IReadOnlyList<(string Name, long Count)> TopPolicies)
{
    /// <summary>Reads the service's <c>ConversationStatistics</c> JSON.</summary>
    /// <exception cref="KeyNotFoundException">A member is missing.</exception>
    public static StatisticsAnswer FromService(JsonElement result) => new(
        result.GetProperty("user_messages").GetInt64(),
        result.GetProperty("bot_messages").GetInt64(),
        Top(result, "top_intents"),
        Top(result, "top_entities"),
        Top(result, "top_actions"),
        Top(result, "top_policies"));

    /// <summary>
    /// The baseline's answer from the name and count rows of each list of <see cref="AnalyticsSql.Statistics"/>: blank
    /// names dropped, policies without their <c>policy_N_</c> prefix (merged), each list cut to its
    /// <paramref name="limit"/> most frequent, by count descending then name in ordinal order.
    /// </summary>
    public static StatisticsAnswer FromSql(IReadOnlyDictionary<string, IReadOnlyList<(string? Text, long Count)>> lists, int limit)
    {
        var totals = lists[AnalyticsSql.Totals];
        long Total(string type) => totals.Where(r => r.Text == type).Sum(r => r.Count);
        return new StatisticsAnswer(
            Total("user"),
            Total("bot"),
            Top(lists[AnalyticsSql.Intents], limit, n => n),
            Top(lists[AnalyticsSql.Entities], limit, n => n),
            Top(lists[AnalyticsSql.Actions], limit, n => n),
            Top(lists[AnalyticsSql.Policies], limit, RasaPolicyName.Plain));
    }

    /// <summary>
    /// How the service's answer (this) differs from the baseline's, in words; null when they agree: the same totals
    /// and the same top lists, names, counts and order.
    /// </summary>
    public string? Disagreement(StatisticsAnswer baseline)
    {
        var problems = new List<string>();
        if (UserMessages != baseline.UserMessages || BotMessages != baseline.BotMessages)
        {
            problems.Add(Say($"user/bot messages {UserMessages}/{BotMessages}, SQL {baseline.UserMessages}/{baseline.BotMessages}"));
        }

        Compare(problems, "top_intents", TopIntents, baseline.TopIntents);
        Compare(problems, "top_entities", TopEntities, baseline.TopEntities);
        Compare(problems, "top_actions", TopActions, baseline.TopActions);
        Compare(problems, "top_policies", TopPolicies, baseline.TopPolicies);
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private static void Compare(List<string> problems, string name, IReadOnlyList<(string Name, long Count)> ours, IReadOnlyList<(string Name, long Count)> sql)
    {
        if (!ours.SequenceEqual(sql))
        {
            problems.Add($"{name} [{Show(ours)}], SQL [{Show(sql)}]");
        }
    }

    private static string Show(IReadOnlyList<(string Name, long Count)> top) =>
        string.Join(", ", top.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Name} {t.Count}")));

    private static List<(string, long)> Top(JsonElement result, string name) =>
        [.. result.GetProperty(name).EnumerateArray().Select(e => (e.GetProperty("name").GetString() ?? "", e.GetProperty("count").GetInt64()))];

    private static List<(string, long)> Top(IReadOnlyList<(string? Text, long Count)> rows, int limit, Func<string, string> name) =>
        [.. rows.Where(r => !string.IsNullOrEmpty(r.Text))
            .GroupBy(r => name(r.Text!), StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Count: g.Sum(r => r.Count)))
            .OrderByDescending(t => t.Count).ThenBy(t => t.Name, StringComparer.Ordinal)
            .Take(limit)];

    private static string Say(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
