using NodaTime;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Analytics;

/// <summary>
/// <c>compare=previous</c> of <c>/statistics</c> and <c>/analytics</c>: the period of equal length that ends just
/// before the asked one starts, the one definition both answer with.
/// </summary>
public static class AnalyticsComparison
{
    /// <summary>The one comparison there is.</summary>
    public const string Previous = "previous";

    /// <summary>The earliest instant a time argument may name (0001-01-01T00:00:00Z); a previous period may not start before it.</summary>
    private static readonly Instant Earliest = Instant.FromUtc(1, 1, 1, 0, 0);

    /// <summary>Whether the previous period was asked for: <c>previous</c> yes, absent or blank no.</summary>
    /// <exception cref="InvalidEventException">Anything else.</exception>
    public static bool Parse(string field, string? value) => value switch
    {
        null or "" => false,
        Previous => true,
        _ => throw new InvalidEventException(field, $"'{field}' must be '{Previous}'."),
    };

    /// <summary>The period <c>[start - (end - start), start)</c>.</summary>
    /// <exception cref="InvalidEventException">Field <paramref name="field"/>: it would start before 0001-01-01.</exception>
    public static (Instant Start, Instant End) PeriodBefore(Instant start, Instant end, string field)
    {
        var length = end - start;
        if (start - Earliest < length)
        {
            throw new InvalidEventException(field, $"The period before this one would start before 0001-01-01, so '{field}' cannot compare with it.");
        }

        return (start - length, start);
    }
}
