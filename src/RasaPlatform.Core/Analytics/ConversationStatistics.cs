namespace RasaPlatform.Core.Analytics;

/// <summary>Totals over all conversations: what <c>GET /statistics</c> reports.</summary>
/// <param name="UserMessages">Number of <c>user</c> events.</param>
/// <param name="BotMessages">Number of <c>bot</c> events.</param>
/// <param name="TopIntents">Intents of user messages (<c>parse_data.intent.name</c>).</param>
/// <param name="TopEntities">Entity types of user messages (<c>parse_data.entities[].entity</c>), each occurrence counted.</param>
/// <param name="TopActions">Names of <c>action</c> events other than <c>action_listen</c>.</param>
/// <param name="TopPolicies">Policies of those same actions, without Rasa's <c>policy_N_</c> prefix; actions without a
/// policy add none.</param>
public sealed record ConversationStatistics(
    long UserMessages,
    long BotMessages,
    IReadOnlyList<NameCount> TopIntents,
    IReadOnlyList<NameCount> TopEntities,
    IReadOnlyList<NameCount> TopActions,
    IReadOnlyList<NameCount> TopPolicies)
{
    /// <summary>Entries per top list when none is asked for: Rasa X returned the top 3.</summary>
    public const int DefaultLimit = 3;

    /// <summary>The most entries a top list may be asked for.</summary>
    public const int MaximumLimit = 1000;
}
