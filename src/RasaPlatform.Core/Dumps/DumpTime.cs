using NodaTime;
using NodaTime.Text;

namespace RasaPlatform.Core.Dumps;

/// <summary>Event timestamps as a dump prints them: ISO-8601 UTC to the microsecond.</summary>
internal static class DumpTime
{
    private static readonly double MinSeconds = Instant.FromUtc(1, 1, 1, 0, 0).ToUnixTimeSeconds();
    private static readonly double MaxSeconds = Instant.FromUtc(9999, 12, 31, 23, 59, 59).ToUnixTimeSeconds();

    /// <summary>E.g. <c>2018-02-05T09:08:46.209836Z</c>; a timestamp outside years 1 to 9999 prints as its number.</summary>
    public static string Format(double? unixSeconds)
    {
        if (unixSeconds is not { } seconds)
        {
            return "—";
        }

        if (!(seconds >= MinSeconds && seconds <= MaxSeconds))
        {
            return DumpEvent.FormatNumber(seconds);
        }

        // A tick is 100 ns.
        var micros = (long)Math.Round(seconds * 1_000_000, MidpointRounding.AwayFromZero);
        return InstantPattern.ExtendedIso.Format(Instant.FromUnixTimeTicks(micros * 10));
    }
}
