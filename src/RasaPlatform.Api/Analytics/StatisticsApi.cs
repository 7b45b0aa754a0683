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
        int limit,
        CancellationToken cancellationToken)
    {
        var statistics = await analytics.StatisticsAsync(
            AnalyticsArguments.Time(nameof(start), start),
            AnalyticsArguments.Time(nameof(until), until),
            AnalyticsArguments.Limit(nameof(limit), limit),
            AssistantScope.Intersect(AssistantScope.Parse(nameof(assistant), assistant), access.Allowed),
            cancellationToken).ConfigureAwait(false);
        return ToContract(statistics);
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
