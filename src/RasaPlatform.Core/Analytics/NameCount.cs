namespace RasaPlatform.Core.Analytics;

/// <summary>A name and how often it occurred: one entry of a statistics top list.</summary>
public readonly record struct NameCount(string Name, long Count)
{
    /// <summary>
    /// The <paramref name="limit"/> most frequent names: by count descending, then by name (ordinal) so ties come out
    /// the same every time.
    /// </summary>
    /// <param name="counts">Distinct names with their counts.</param>
    /// <param name="limit">At most this many entries; at least 1.</param>
    public static IReadOnlyList<NameCount> Top(IEnumerable<KeyValuePair<string, long>> counts, int limit)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return [.. counts
            .OrderByDescending(c => c.Value)
            .ThenBy(c => c.Key, StringComparer.Ordinal)
            .Take(limit)
            .Select(c => new NameCount(c.Key, c.Value))];
    }
}
