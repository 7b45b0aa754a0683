using NodaTime;

namespace RasaPlatform.Core.Analytics;

/// <summary>What one bin adds up from <see cref="ConversationActivity"/> facts; <see cref="AnalyticsResult"/> derives every metric from these.</summary>
/// <remarks>
/// Every field but <see cref="ActiveConversations"/> is additive: the sums of two adjacent time spans add to the sum of
/// their union, so a store may keep them per time bucket and add buckets into bins. <see cref="ActiveConversations"/>
/// counts distinct conversations and must be counted over the whole bin. <see cref="SessionLength"/> is an exact
/// duration, so sums in any order agree to the nanosecond.
/// </remarks>
/// <param name="UserMessages"><c>user</c> events whose timestamp is in the bin.</param>
/// <param name="BotMessages"><c>bot</c> events whose timestamp is in the bin.</param>
/// <param name="Sessions">Sessions whose <see cref="SessionActivity.Start"/> is in the bin.</param>
/// <param name="FirstSessions">Of those, the ones that are their conversation's first.</param>
/// <param name="SessionLength">The sum of those sessions' <see cref="SessionActivity.Length"/>.</param>
/// <param name="SessionUserMessages">The sum of those sessions' <see cref="SessionActivity.UserMessages"/>.</param>
/// <param name="ActiveConversations">Distinct conversations with a message or a session start in the bin.</param>
public readonly record struct AnalyticsSums(
    long UserMessages,
    long BotMessages,
    long Sessions,
    long FirstSessions,
    Duration SessionLength,
    long SessionUserMessages,
    long ActiveConversations);
