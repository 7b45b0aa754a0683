using System.Globalization;
using NodaTime;
using NodaTime.Text;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Queries;

/// <summary>Reads a point in time given as Rasa X accepted it: Unix seconds, or ISO-8601.</summary>
/// <remarks>
/// <para>
/// Unix seconds may be fractional (<c>1517821726.21</c>). ISO-8601 may carry an offset or <c>Z</c>; a local date and
/// time without one (<c>2018-01-01T11:03:01.141</c>, the spec's own example) is read as UTC; a bare date means its
/// midnight UTC.
/// </para>
/// <para>
/// Every query time (<c>start</c>, <c>until</c>, <c>end</c>, <c>fromTime</c>, <c>toTime</c>) lies from
/// <see cref="Earliest"/> (0001-01-01T00:00:00Z, Unix seconds -62,135,596,800) to <see cref="Latest"/> (the end of
/// 9999, NodaTime's last instant, Unix seconds 253,402,300,799.9999999): the years a four-digit ISO-8601 year can
/// write, wider than any event's (<see cref="EventTimestamps"/>), so that a filter can always say "from the
/// beginning" or "until the end". Anything else, including <c>NaN</c>, <c>Infinity</c> and <c>1e999</c>, is refused
/// naming the parameter.
/// </para>
/// </remarks>
public static class TimeArgument
{
    /// <summary>The earliest query time: 0001-01-01T00:00:00Z.</summary>
    public static readonly Instant Earliest = Instant.FromUtc(1, 1, 1, 0, 0);

    /// <summary>The latest query time in Unix seconds: the end of 9999, NodaTime's last tick.</summary>
    public static readonly Instant Latest = Instant.FromUnixTimeTicks(Instant.MaxValue.ToUnixTimeTicks());

    // The range in seconds, both exact as doubles: checked before scaling to ticks, where doubles are 512 ticks apart.
    private const double EarliestSeconds = -62_135_596_800;
    private const double EndSeconds = 253_402_300_800;

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
                return InRange(field, offset.Value.ToInstant());
            }
        }

        foreach (var pattern in LocalPatterns)
        {
            if (pattern.Parse(text) is { Success: true } local)
            {
                return InRange(field, local.Value.InUtc().ToInstant());
            }
        }

        if (LocalDatePattern.Iso.Parse(text) is { Success: true } date)
        {
            return InRange(field, date.Value.AtMidnight().InUtc().ToInstant());
        }

        throw new InvalidEventException(field, $"'{field}' must be Unix seconds or an ISO-8601 date and time, not '{value}'.");
    }

    /// <summary>Unix seconds (fractional allowed) as an instant.</summary>
    /// <exception cref="InvalidEventException">The number is not finite or outside <see cref="Earliest"/> to <see cref="Latest"/>.</exception>
    public static Instant FromUnixSeconds(string field, double seconds)
    {
        if (!(seconds >= EarliestSeconds && seconds < EndSeconds))
        {
            throw OutOfRange(field);
        }

        // The clamp only absorbs the rounding of the last second's fractions to ticks.
        var ticks = Math.Round(seconds * NodaConstants.TicksPerSecond);
        return Instant.FromUnixTimeTicks(ticks >= Latest.ToUnixTimeTicks() ? Latest.ToUnixTimeTicks() : (long)ticks);
    }

    private static Instant InRange(string field, Instant instant) =>
        instant >= Earliest ? instant : throw OutOfRange(field);

    private static InvalidEventException OutOfRange(string field) => new(
        field,
        $"'{field}' must be a time from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z: Unix seconds from -62135596800 to 253402300799, or ISO-8601.");

    /// <summary>An instant as Unix seconds, as events carry their timestamps.</summary>
    public static double ToUnixSeconds(Instant instant) => instant.ToUnixTimeTicks() / (double)NodaConstants.TicksPerSecond;
}
