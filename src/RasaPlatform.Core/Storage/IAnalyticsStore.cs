using NodaTime;
using RasaPlatform.Core.Analytics;

namespace RasaPlatform.Core.Storage;

/// <summary>Statistics and analytics over every stored conversation, from the facts the metadata projector saves.</summary>
/// <remarks>
/// Answers are exactly what folding the conversations' events gives (<see cref="AnalyticsCalculator"/>,
/// <see cref="StatisticsBuilder"/>) as of the projector's last pass: sums kept per <see cref="AnalyticsBucket"/> serve
/// whole buckets, and the events of the conversations active in a bucket cut by a bin edge or a bound serve that
/// bucket. Every method takes the assistants whose conversations count: null for all, else those named (an empty set
/// counts none); a conversation counts for the assistant it belonged to when the projector last folded it.
/// </remarks>
public interface IAnalyticsStore
{
    /// <summary>The times of the earliest and the latest stored user message; null when there is none.</summary>
    Task<(Instant First, Instant Last)?> UserMessageRangeAsync(IReadOnlyCollection<string>? assistants, CancellationToken cancellationToken);

    /// <summary>The sums of every bin, in bin order, as <see cref="AnalyticsCalculator.Sum"/> gives them.</summary>
    Task<IReadOnlyList<AnalyticsSums>> SumAsync(AnalyticsBins bins, IReadOnlyCollection<string>? assistants, CancellationToken cancellationToken);

    /// <summary>Message totals and top lists of the events within <c>[start, until]</c> (both inclusive, either open).</summary>
    /// <param name="start">Inclusive lower bound, or null.</param>
    /// <param name="until">Inclusive upper bound, or null.</param>
    /// <param name="limit">Entries per top list, 1 to <see cref="ConversationStatistics.MaximumLimit"/>.</param>
    /// <param name="assistants">The assistants whose conversations count; null for all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<ConversationStatistics> StatisticsAsync(Instant? start, Instant? until, int limit, IReadOnlyCollection<string>? assistants, CancellationToken cancellationToken);
}
