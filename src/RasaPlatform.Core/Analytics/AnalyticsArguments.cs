using NodaTime;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Queries;

namespace RasaPlatform.Core.Analytics;

/// <summary>
/// Reads the <c>/analytics</c> and <c>/statistics</c> query parameters, and says which one is wrong when one is
/// (<see cref="InvalidEventException.Field"/>).
/// </summary>
public static class AnalyticsArguments
{
    /// <summary>A point in time: Unix seconds or ISO-8601, as <see cref="TimeArgument"/> reads it; blank gives null.</summary>
    /// <exception cref="InvalidEventException">Neither form.</exception>
    public static Instant? Time(string field, string? value) => TimeArgument.Parse(field, value);

    /// <summary>An IANA time zone id (<c>Europe/Berlin</c>, case as in the tz database); blank gives UTC.</summary>
    /// <exception cref="InvalidEventException">Not a zone id the tz database knows.</exception>
    public static DateTimeZone Zone(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return DateTimeZone.Utc;
        }

        return DateTimeZoneProviders.Tzdb.GetZoneOrNull(value.Trim())
            ?? throw new InvalidEventException(field, $"'{field}' must be an IANA time zone id such as Europe/Berlin, not '{value}'.");
    }

    /// <summary>A bin width (<see cref="AnalyticsWindow"/>); blank gives null, the default ten bins.</summary>
    /// <exception cref="InvalidEventException">Not a window.</exception>
    public static AnalyticsWindow? Window(string field, string? value) => AnalyticsWindow.Parse(field, value);

    /// <summary>Checks that a range does not end before it starts.</summary>
    /// <exception cref="InvalidEventException">Field <paramref name="endField"/>: <paramref name="end"/> is before <paramref name="start"/>.</exception>
    public static void Range(Instant start, Instant end, string endField = "end")
    {
        if (end < start)
        {
            throw new InvalidEventException(endField, $"'{endField}' must not be before the start.");
        }
    }

    /// <summary>The length of a statistics top list: 1 to <see cref="ConversationStatistics.MaximumLimit"/>, by default <see cref="ConversationStatistics.DefaultLimit"/>.</summary>
    /// <exception cref="InvalidEventException">Out of bounds.</exception>
    public static int Limit(string field, int? value) => value switch
    {
        null => ConversationStatistics.DefaultLimit,
        >= 1 and <= ConversationStatistics.MaximumLimit => value.Value,
        _ => throw new InvalidEventException(field, $"'{field}' must be between 1 and {ConversationStatistics.MaximumLimit}."),
    };
}
