using Microsoft.AspNetCore.Mvc;
using RasaPlatform.Core.Access;
using RasaPlatform.Core.Analytics;
using RasaPlatform.Core.Assistants;
using Contract = RasaPlatform.Api.Generated;

namespace RasaPlatform.Api.Analytics;

/// <summary>Message totals and top lists over every stored conversation, within optional inclusive time bounds.</summary>
/// <remarks>A token limited to assistants counts its assistants' conversations only (<see cref="AssistantAccess.Allowed"/>).</remarks>
internal sealed class StatisticsApi(AnalyticsService analytics, AssistantAccess access, IHttpContextAccessor http) : Contract.IStatisticsController
{
    public async Task<ActionResult<Contract.ConversationStatistics>> GetStatisticsAsync(
        string? start,
        string? until,
        string? assistant,
        string? compare,
        string? format,
        int limit,
        CancellationToken cancellationToken)
    {
        var csv = Http.CsvAnswer.Wanted(http.HttpContext!.Request, format);
        var from = AnalyticsArguments.Time(nameof(start), start);
        var to = AnalyticsArguments.Time(nameof(until), until);
        var top = AnalyticsArguments.Limit(nameof(limit), limit);
        var scope = AssistantScope.Intersect(AssistantScope.Parse(nameof(assistant), assistant), access.Allowed);
        var previous = AnalyticsComparison.Parse(nameof(compare), compare);
        if (previous && (from is null || to is null))
        {
            throw new Core.Events.InvalidEventException(nameof(compare), "'compare' needs both 'start' and 'until': the previous period is as long as the range.");
        }

        var statistics = ToContract(await analytics.StatisticsAsync(from, to, top, scope, cancellationToken).ConfigureAwait(false));
        if (previous)
        {
            // The inclusive range [start, until] is as long as [start, until + ε); the period before it ends just before start.
            var (before, _) = AnalyticsComparison.PeriodBefore(from!.Value, to!.Value, nameof(compare));
            statistics.Previous = ToContract(await analytics.StatisticsAsync(before, from.Value - NodaTime.Duration.Epsilon, top, scope, cancellationToken).ConfigureAwait(false));
        }

        return csv ? Http.CsvAnswer.Rows("statistics.csv", "period,figure,name,count", _ => CsvRows(statistics).ToAsyncEnumerable()) : statistics;
    }

    /// <summary>The long form: per period, the two totals, then each top list's entries in order.</summary>
    private static IEnumerable<string> CsvRows(Contract.ConversationStatistics statistics)
    {
        foreach (var (period, figures) in new[] { ("current", statistics), ("previous", statistics.Previous) })
        {
            if (figures is null)
            {
                continue;
            }

            yield return Core.Csv.CsvRows.Row(period, "user_messages", null, figures.User_messages);
            yield return Core.Csv.CsvRows.Row(period, "bot_messages", null, figures.Bot_messages);
            foreach (var (figure, top) in new[]
            {
                ("top_intents", figures.Top_intents), ("top_entities", figures.Top_entities), ("top_actions", figures.Top_actions), ("top_policies", figures.Top_policies),
            })
            {
                foreach (var entry in top)
                {
                    yield return Core.Csv.CsvRows.Row(period, figure, entry.Name, entry.Count);
                }
            }
        }
    }

    private static Contract.ConversationStatistics ToContract(ConversationStatistics statistics) => new()
    {
        User_messages = statistics.UserMessages,
        Bot_messages = statistics.BotMessages,
        Top_intents = ToContract(statistics.TopIntents),
        Top_entities = ToContract(statistics.TopEntities),
        Top_actions = ToContract(statistics.TopActions),
        Top_policies = ToContract(statistics.TopPolicies),
    };

    private static List<Contract.NameCount> ToContract(IReadOnlyList<NameCount> top) =>
        [.. top.Select(t => new Contract.NameCount { Name = t.Name, Count = t.Count })];
}
