using NodaTime;

namespace RasaPlatform.Core.Analytics;

/// <summary>
/// What a store keeps of one conversation for statistics and analytics: its activity per bucket, its sessions and its
/// named events per bucket. Sums of these over buckets are what folding the raw events gives.
/// </summary>
/// <param name="Buckets">Active buckets in ascending order, each naming the one before.</param>
/// <param name="Sessions">The sessions, as <see cref="ConversationActivity"/> cuts them.</param>
/// <param name="Names">Per bucket, each name's count as <see cref="StatisticsBuilder"/> counts it.</param>
/// <param name="FirstUserMessage">The earliest user message's time, or null without one.</param>
/// <param name="LastUserMessage">The latest user message's time, or null without one.</param>
public sealed record ConversationFacts(
    IReadOnlyList<BucketActivity> Buckets,
    IReadOnlyList<SessionActivity> Sessions,
    IReadOnlyList<BucketNameCount> Names,
    Instant? FirstUserMessage,
    Instant? LastUserMessage)
{
    /// <summary>The facts of a conversation without events.</summary>
    public static ConversationFacts Empty { get; } = new([], [], [], null, null);
}
