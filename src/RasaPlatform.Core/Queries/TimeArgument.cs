using System.Globalization;
using NodaTime;
using NodaTime.Text;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Queries;

/// <summary>Reads a point in time given as Rasa X accepted it: Unix seconds, or ISO-8601.</summary>
/// <remarks>
/// Unix seconds may be fractional (<c>1517821726.21</c>). ISO-8601 may carry an offset or <c>Z</c>; a local date and
/// time without one (<c>2018-01-01T11:03:01.141</c>, the spec's own example) is read as UTC; a bare date means its
/// midnight UTC.
/// </remarks>
public static class TimeArgument
{
    private static readonly IPattern<OffsetDateTime>[] OffsetPatterns =
    [
        OffsetDateTimePattern.ExtendedIso,
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss;FFFFFFFFFo<Z+HHmm>"),
    ];

    private static readonly IPattern<LocalDateTime>[] LocalPatterns =
    [
        LocalDateTimePattern.ExtendedIso,
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm"),
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd' 'HH':'mm':'ss;FFFFFFFFF"),
    ];

    /// <summary>Parses <paramref name="value"/>; null or blank gives null.</summary>
    /// <param name="field">The parameter's name, for the error.</param>
    /// <param name="value">The text as received.</param>
    /// <exception cref="InvalidEventException">The text is neither Unix seconds nor ISO-8601.</exception>
    public static Instant? Parse(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return FromUnixSeconds(field, seconds);
        }

        foreach (var pattern in OffsetPatterns)
        {
            if (pattern.Parse(text) is { Success: true } offset)
            {
                return offset.Value.ToInstant();
            }
        }

        foreach (var pattern in LocalPatterns)
        {
            if (pattern.Parse(text) is { Success: true } local)
            {
                return local.Value.InUtc().ToInstant();
            }
        }

        if (LocalDatePattern.Iso.Parse(text) is { Success: true } date)
        {
            return date.Value.AtMidnight().InUtc().ToInstant();
        }

        throw new InvalidEventException(field, $"'{field}' must be Unix seconds or an ISO-8601 date and time, not '{value}'.");
    }

    /// <summary>Unix seconds (fractional allowed) as an instant.</summary>
    /// <exception cref="InvalidEventException">The number is not finite or outside NodaTime's range.</exception>
    public static Instant FromUnixSeconds(string field, double seconds)
    {
        const double limit = 3.0e11; // about year 11,000: well inside Instant's range, far beyond any real timestamp
        if (!double.IsFinite(seconds) || Math.Abs(seconds) > limit)
        {
            throw new InvalidEventException(field, $"'{field}' is out of range.");
        }

        return Instant.FromUnixTimeTicks((long)Math.Round(seconds * NodaConstants.TicksPerSecond));
    }

    /// <summary>An instant as Unix seconds, as events carry their timestamps.</summary>
    public static double ToUnixSeconds(Instant instant) => instant.ToUnixTimeTicks() / (double)NodaConstants.TicksPerSecond;
}
