namespace RasaPlatform.Core.Analytics;

/// <summary>A width the stores keep analytics sums at, in quarter hours (<see cref="AnalyticsBucket"/>), and what they sum at it.</summary>
/// <param name="Name">What it is called: day, hour, quarter.</param>
/// <param name="Quarters">Its width in quarter hours; a unit of it starts at a quarter divisible by this (UTC).</param>
/// <param name="SumsNames">
/// Whether named events (statistics' intents, entities, actions, policies) are summed at it too. Per quarter hour the
/// name sums held nearly a row per fact row (few conversations share a quarter and a name), so a read takes the quarters
/// at a range's ends from the facts themselves.
/// </param>
public sealed record AnalyticsGrain(string Name, int Quarters, bool SumsNames);

/// <summary>
/// The grains of the analytics sums: the one definition the stores' sums, their reads and the migrations'
/// <c>analytics_grains</c> rows follow (a contract test holds each store's table and sums to it).
/// </summary>
public static class AnalyticsGrains
{
    public static readonly AnalyticsGrain Day = new("day", 96, SumsNames: true);

    public static readonly AnalyticsGrain Hour = new("hour", 4, SumsNames: true);

    public static readonly AnalyticsGrain Quarter = new("quarter", 1, SumsNames: false);

    /// <summary>Every grain, widest first.</summary>
    public static readonly IReadOnlyList<AnalyticsGrain> All = [Day, Hour, Quarter];

    /// <summary>The grain <paramref name="quarters"/> wide.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No grain is that wide.</exception>
    public static AnalyticsGrain Of(long quarters) =>
        All.FirstOrDefault(g => g.Quarters == quarters) ?? throw new ArgumentOutOfRangeException(nameof(quarters), quarters, "No analytics grain is that wide.");
}
