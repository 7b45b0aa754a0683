using System.Globalization;
using System.Text;

namespace RasaPlatform.Storage.Sql;

/// <summary>
/// The units the analytics sums are kept in (migration 015): UTC days, hours and quarter hours, each named by the
/// grain (its width in quarters) and the number of its first quarter (<see cref="Core.Analytics.AnalyticsBucket"/>).
/// </summary>
internal static class AnalyticsUnits
{
    /// <summary>The grains' widths, widest first (<see cref="Core.Analytics.AnalyticsGrains"/>).</summary>
    public static IReadOnlyList<long> Grains { get; } = [.. Core.Analytics.AnalyticsGrains.All.Select(g => (long)g.Quarters)];

    /// <summary>The widths of the grains named events are summed at, narrowest first.</summary>
    public static IReadOnlyList<int> NameGrains { get; } =
        [.. Core.Analytics.AnalyticsGrains.All.Where(g => g.SumsNames).Select(g => g.Quarters).Order()];

    /// <summary>A condition on <c>g.grain</c> holding the grains named events are summed at.</summary>
    public static string NamedGrains { get; } = GrainIn(NameGrains);

    /// <summary>A condition on <c>g.grain</c> holding the grains <paramref name="grains"/> (widths in quarters).</summary>
    public static string GrainIn(IEnumerable<int> grains) =>
        $"g.grain IN ({string.Join(", ", grains.Select(g => g.ToString(CultureInfo.InvariantCulture)))})";

    /// <summary>Above this many separate ranges of one grain, a read takes their hull and skips what it does not need.</summary>
    private const int MaximumRanges = 16;

    /// <summary>
    /// Covers the quarters <c>[from, to)</c> with the fewest whole units: at each step the widest unit that starts there
    /// and fits. A year is 365 days; a local day in a zone an hour off UTC is 24 hours.
    /// </summary>
    public static IEnumerable<(long Grain, long Bucket)> Cover(long from, long to)
    {
        var bucket = from;
        while (bucket < to)
        {
            var grain = Grains.First(g => FloorMod(bucket, g) == 0 && to - bucket >= g);
            yield return (grain, bucket);
            bucket += grain;
        }
    }

    /// <summary>
    /// A condition on <c>grain</c> and <c>bucket</c> selecting the units of one grain: the ranges of adjacent units, or
    /// their hull when there are many (the caller then skips rows it did not ask for).
    /// </summary>
    public static string Condition(long grain, IEnumerable<long> buckets) =>
        string.Create(CultureInfo.InvariantCulture, $"grain = {grain} AND {BucketCondition(grain, buckets)}");

    /// <summary>
    /// A condition on <c>bucket</c> alone selecting the quarters of the units of one grain, as <see cref="Condition"/>
    /// does: for a table of quarters without a grain column.
    /// </summary>
    public static string BucketCondition(long grain, IEnumerable<long> buckets)
    {
        var ranges = new List<(long From, long To)>();
        foreach (var bucket in buckets.Order())
        {
            if (ranges.Count > 0 && ranges[^1].To == bucket)
            {
                ranges[^1] = (ranges[^1].From, bucket + grain);
            }
            else
            {
                ranges.Add((bucket, bucket + grain));
            }
        }

        if (ranges.Count > MaximumRanges)
        {
            ranges = [(ranges[0].From, ranges[^1].To)];
        }

        var sql = new StringBuilder("(");
        for (var i = 0; i < ranges.Count; i++)
        {
            sql.Append(CultureInfo.InvariantCulture, $"{(i > 0 ? " OR " : string.Empty)}(bucket >= {ranges[i].From} AND bucket < {ranges[i].To})");
        }

        return sql.Append(')').ToString();
    }

    /// <summary>The assistant condition and its parameters: empty when every assistant counts.</summary>
    public static (string Sql, (string Name, object? Value)[] Parameters) AssistantCondition(IReadOnlyCollection<string>? assistants)
    {
        if (assistants is null)
        {
            return (string.Empty, []);
        }

        if (assistants.Count == 0)
        {
            return (" AND 1 = 0", []);
        }

        var parameters = assistants.Distinct(StringComparer.Ordinal)
            .Select((a, i) => (Name: "assistant" + i.ToString(CultureInfo.InvariantCulture), Value: (object?)a)).ToArray();
        return ($" AND assistant IN ({string.Join(", ", parameters.Select(p => "@" + p.Name))})", parameters);
    }

    private static long FloorMod(long value, long divisor) => ((value % divisor) + divisor) % divisor;
}
