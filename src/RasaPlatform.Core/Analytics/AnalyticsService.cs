using NodaTime;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Core.Analytics;

/// <summary>Statistics and binned analytics over the stored conversations (<c>GET /statistics</c>, <c>GET /analytics</c>).</summary>
public sealed class AnalyticsService(IAnalyticsStore store)
{
    /// <summary>
    /// The analytics of <c>[start, end)</c> in bins of <paramref name="window"/> in <paramref name="zone"/>, over the
    /// conversations of <paramref name="assistants"/> (null: all).
    /// </summary>
    /// <remarks>
    /// A missing <paramref name="start"/> is the time of the first stored user message, as Rasa X had it; a missing
    /// <paramref name="end"/> is just after the last one (one nanosecond), so the half-open range holds it even when
    /// the bins end exactly there. A defaulted end is never before a given start, nor a defaulted start after a given
    /// end.
    /// </remarks>
    /// <returns>Null when a bound is missing and no user message is stored, so no range can be determined.</returns>
    /// <exception cref="Events.InvalidEventException">Field <c>end</c>: before <paramref name="start"/>; field
    /// <c>window</c>: more bins than <see cref="AnalyticsBins.MaximumCount"/>.</exception>
    public async Task<AnalyticsResult?> AnalyticsAsync(
        Instant? start,
        Instant? end,
        AnalyticsWindow? window,
        DateTimeZone zone,
        IReadOnlyCollection<string>? assistants,
        CancellationToken cancellationToken) =>
        await RangeAsync(start, end, assistants, cancellationToken).ConfigureAwait(false) is var (from, to)
            ? await AnalyticsAsync(from, to, window, zone, assistants, cancellationToken).ConfigureAwait(false)
            : null;

    /// <summary>
    /// The range <c>[start, end)</c> analytics answer for, with a missing bound defaulted as
    /// <see cref="AnalyticsAsync(Instant?, Instant?, AnalyticsWindow?, DateTimeZone, IReadOnlyCollection{string}?, CancellationToken)"/>
    /// says; null when a bound is missing and no user message is stored.
    /// </summary>
    /// <exception cref="Events.InvalidEventException">Field <c>end</c>: before <paramref name="start"/>.</exception>
    public async Task<(Instant Start, Instant End)?> RangeAsync(
        Instant? start, Instant? end, IReadOnlyCollection<string>? assistants, CancellationToken cancellationToken)
    {
        if (start is null || end is null)
        {
            if (await store.UserMessageRangeAsync(assistants, cancellationToken).ConfigureAwait(false) is not var (first, last))
            {
                return null;
            }

            start ??= end is { } e ? Instant.Min(first, e) : first;
            end ??= Instant.Max(last + Duration.Epsilon, start.Value);
        }

        AnalyticsArguments.Range(start.Value, end.Value);
        return (start.Value, end.Value);
    }

    /// <summary>The analytics of the range <c>[start, end)</c>.</summary>
    /// <exception cref="Events.InvalidEventException">Field <c>window</c>: more bins than <see cref="AnalyticsBins.MaximumCount"/>.</exception>
    public async Task<AnalyticsResult> AnalyticsAsync(
        Instant start,
        Instant end,
        AnalyticsWindow? window,
        DateTimeZone zone,
        IReadOnlyCollection<string>? assistants,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var bins = AnalyticsBins.Create(start, end, window, zone);
        var sums = await store.SumAsync(bins, assistants, cancellationToken).ConfigureAwait(false);
        return AnalyticsResult.FromSums(bins, sums);
    }

    /// <summary>Message totals and top lists within <c>[start, until]</c>, either bound open.</summary>
    /// <exception cref="Events.InvalidEventException">Field <c>until</c>: before <paramref name="start"/>.</exception>
    public Task<ConversationStatistics> StatisticsAsync(
        Instant? start,
        Instant? until,
        int limit,
        IReadOnlyCollection<string>? assistants,
        CancellationToken cancellationToken)
    {
        if (start is { } s && until is { } u)
        {
            AnalyticsArguments.Range(s, u, "until");
        }

        return store.StatisticsAsync(start, until, limit, assistants, cancellationToken);
    }
}
