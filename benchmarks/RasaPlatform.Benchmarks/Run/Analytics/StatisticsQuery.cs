using System.Globalization;
using NodaTime;

namespace RasaPlatform.Benchmarks.Run.Analytics;

/// <summary>One question asked of <c>GET /api/statistics</c>: all time, or the events within inclusive bounds.</summary>
/// <param name="Label">What the query asks, in a few words, for the table.</param>
/// <param name="Start">Inclusive lower bound on event time, whole seconds; null for none.</param>
/// <param name="Until">Inclusive upper bound on event time, whole seconds; null for none.</param>
/// <param name="Limit">Entries per top list.</param>
internal sealed record StatisticsQuery(string Label, Instant? Start, Instant? Until, int Limit)
{
    /// <summary><c>start</c> and <c>until</c> in Unix seconds when set, then <c>limit</c>.</summary>
    public string QueryString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Bound("start", Start)}{Bound("until", Until)}limit={Limit}");

    private static string Bound(string name, Instant? value) =>
        value is { } v ? string.Create(CultureInfo.InvariantCulture, $"{name}={v.ToUnixTimeSeconds()}&") : "";
}
