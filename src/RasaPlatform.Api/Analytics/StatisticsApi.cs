using Microsoft.AspNetCore.Mvc;
using RasaPlatform.Core.Access;
using RasaPlatform.Core.Analytics;
using RasaPlatform.Core.Assistants;
using Contract = RasaPlatform.Api.Generated;

namespace RasaPlatform.Api.Analytics;

/// <summary>Message totals and top lists over every stored conversation, within optional inclusive time bounds.</summary>
/// <remarks>A token limited to assistants counts its assistants' conversations only (<see cref="AssistantAccess.Allowed"/>).</remarks>
internal sealed class StatisticsApi(AnalyticsService analytics, AssistantAccess access) : Contract.IStatisticsController
{
    public async Task<ActionResult<Contract.ConversationStatistics>> GetStatisticsAsync(
        string? start,
        string? until,
        string? assistant,
        string? compare,
        int limit,
        CancellationToken cancellationToken)
    {
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

        return statistics;
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
