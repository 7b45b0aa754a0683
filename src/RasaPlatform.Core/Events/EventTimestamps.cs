using System.Globalization;
using NodaTime;

namespace RasaPlatform.Core.Events;

/// <summary>The accepted range of an event's <c>timestamp</c>, and the instant a stored timestamp denotes.</summary>
/// <remarks>
/// <para>
/// An event's timestamp is a finite number of Unix seconds from <see cref="Earliest"/> (0, 1970-01-01T00:00:00Z) to
/// <see cref="Latest"/> (253,402,128,000, 9999-12-30T00:00:00Z). No conversation happened before Unix time began, and
/// the day's margin below the end of NodaTime's time (9999-12-31T23:59:59Z) keeps every event's local date and hour
/// representable in every time zone, so that every analytics bin and statistic can place it. Numbers outside it
/// (±1e300, 2^63, 1e30 seconds) are what a broken or hostile client sends; every write path (HTTP, import, feeds)
/// refuses them through <see cref="EventNormalizer"/>, naming the field.
/// </para>
/// <para>
/// Events stored before the range was enforced may lie outside it; <see cref="InstantOf"/> places them at the
/// nearest end of the range, so that the metadata projection and analytics are total over whatever is stored.
/// </para>
/// </remarks>
public static class EventTimestamps
{
    /// <summary>The earliest accepted timestamp: Unix time 0, 1970-01-01T00:00:00Z.</summary>
    public const double Earliest = 0;

    /// <summary>The latest accepted timestamp: 9999-12-30T00:00:00Z, a day before the end of NodaTime's time.</summary>
    public const double Latest = 253_402_128_000;

    /// <summary>Why <paramref name="seconds"/> cannot be an event's timestamp, or null when it can.</summary>
    public static string? Problem(double seconds) => double.IsFinite(seconds) && seconds is >= Earliest and <= Latest
        ? null
        : string.Create(
            CultureInfo.InvariantCulture,
            $"'timestamp' must be Unix seconds from {Earliest} (1970-01-01T00:00:00Z) to {Latest:F0} (9999-12-30T00:00:00Z).");

    /// <summary>The instant of a stored timestamp; one outside the accepted range is placed at its nearest end.</summary>
    public static Instant InstantOf(double seconds) =>
        Instant.FromUnixTimeTicks((long)Math.Round(Math.Clamp(double.IsNaN(seconds) ? Earliest : seconds, Earliest, Latest) * NodaConstants.TicksPerSecond));
}
