namespace RasaPlatform.Core.Markers;

/// <summary>
/// The five statistics <c>rasa evaluate markers</c> gives of the preceding-user-turn numbers of a marker's applications
/// (REFERENCE.md §7): with no applications the count is 0 and the rest undefined (Rasa's <c>nan</c>, null here).
/// </summary>
public sealed record TurnStatistics(long Count, double? Mean, double? Median, long? Minimum, long? Maximum)
{
    /// <summary>No applications.</summary>
    public static TurnStatistics None { get; } = new(0, null, null, null, null);

    /// <summary>The statistics of values given as a histogram: value → how many applications had it.</summary>
    /// <remarks>The median of an even count is the mean of the middle two, as numpy's.</remarks>
    public static TurnStatistics Of(IEnumerable<KeyValuePair<long, long>> histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var sorted = histogram.Where(p => p.Value > 0).OrderBy(p => p.Key).ToList();
        var count = sorted.Sum(p => p.Value);
        if (count == 0)
        {
            return None;
        }

        var sum = sorted.Sum(p => (double)p.Key * p.Value);
        return new TurnStatistics(count, sum / count, MedianOf(sorted, count), sorted[0].Key, sorted[^1].Key);
    }

    /// <summary>The statistics of the values listed one by one.</summary>
    public static TurnStatistics Of(IEnumerable<long> values) =>
        Of(values.GroupBy(v => v).Select(g => KeyValuePair.Create(g.Key, (long)g.Count())));

    private static double MedianOf(List<KeyValuePair<long, long>> sorted, long count)
    {
        // The values at (0-based) positions (count - 1) / 2 and count / 2: the same one when count is odd.
        return (At((count - 1) / 2) + At(count / 2)) / 2.0;

        long At(long position)
        {
            var seen = 0L;
            foreach (var (value, times) in sorted)
            {
                seen += times;
                if (position < seen)
                {
                    return value;
                }
            }

            throw new InvalidOperationException("The position lies beyond the values.");
        }
    }
}

/// <summary>One marker's numbers over the sessions of a range, as <c>rasa evaluate markers</c> computes them.</summary>
/// <param name="Marker">The marker's name.</param>
/// <param name="Sessions">Sessions where it applied at least once.</param>
/// <param name="Percentage">Those sessions as a percentage of all sessions (0 when there are none).</param>
/// <param name="Turns">The preceding-user-turn numbers of all its applications.</param>
public sealed record MarkerSummary(string Marker, long Sessions, double Percentage, TurnStatistics Turns);

/// <summary>One session's statistics per marker (Rasa's per-session file).</summary>
public sealed record SessionSummary(string SenderId, int SessionIndex, double StartTime, IReadOnlyDictionary<string, TurnStatistics> Markers);

/// <summary>The marker statistics of an assistant's sessions that start in a range.</summary>
/// <param name="TotalSessions">Every session starting in the range, whether a marker applied in it or not.</param>
/// <param name="Markers">Every marker of the configuration, sorted by name (ordinally), as Rasa's files sort them.</param>
/// <param name="Sessions">Per session, when asked for: sessions in the order of their sender ids and indices.</param>
public sealed record MarkerStatisticsResult(long TotalSessions, IReadOnlyList<MarkerSummary> Markers, IReadOnlyList<SessionSummary>? Sessions);

/// <summary>What the store counts for the statistics, before they are computed.</summary>
/// <param name="TotalSessions">Sessions starting in the range.</param>
/// <param name="SessionsApplied">Per marker, sessions in the range where it applied at least once.</param>
/// <param name="Turns">Per marker, preceding-user-turn value → applications with it.</param>
public sealed record MarkerCounts(
    long TotalSessions,
    IReadOnlyDictionary<string, long> SessionsApplied,
    IReadOnlyDictionary<string, IReadOnlyDictionary<long, long>> Turns)
{
    /// <summary>The statistics of every marker of <paramref name="configuration"/>, sorted by name.</summary>
    public IReadOnlyList<MarkerSummary> Summaries(MarkerConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return [.. configuration.Markers
            .Select(m => m.Name)
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                var sessions = SessionsApplied.GetValueOrDefault(name);
                return new MarkerSummary(
                    name,
                    sessions,
                    TotalSessions == 0 ? 0 : 100.0 * sessions / TotalSessions,
                    Turns.TryGetValue(name, out var turns) ? TurnStatistics.Of(turns) : TurnStatistics.None);
            })];
    }
}
