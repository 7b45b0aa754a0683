using NodaTime;

namespace RasaPlatform.Core.Analytics;

/// <summary>One analytics bin: the half-open interval <c>[Start, End)</c>.</summary>
/// <param name="Start">The first instant in the bin (inclusive).</param>
/// <param name="End">The first instant after the bin (exclusive); later than <paramref name="Start"/>.</param>
public readonly record struct AnalyticsBin(Instant Start, Instant End)
{
    /// <summary><c>End - Start</c>: always positive; 23 h or 25 h for a calendar day on which the clocks change.</summary>
    public Duration Width => End - Start;

    /// <summary>The middle instant, <c>Start + Width / 2</c> (what Rasa X reported as <c>bin_centers</c>).</summary>
    public Instant Center => Start + (Width / 2);

    /// <summary>Whether <paramref name="instant"/> is in the bin: <c>Start &lt;= instant &lt; End</c>.</summary>
    public bool Contains(Instant instant) => Start <= instant && instant < End;
}
