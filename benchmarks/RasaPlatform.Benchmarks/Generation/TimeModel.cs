using NodaTime;

namespace RasaPlatform.Benchmarks.Generation;

/// <summary>When conversations start and how far apart their events are.</summary>
/// <remarks>
/// All times are microseconds since the Unix epoch (UTC). Conversations start in <c>[Start, End)</c>, the year 2025,
/// with daily seasonality (busy in the day, quiet at night, in UTC), weekly seasonality (weekends at 55 %) and a
/// mild growth over the year. Within a conversation users answer seconds apart; events within one turn are
/// milliseconds apart. A pause longer than <see cref="SessionExpiration"/> starts a new session.
/// </remarks>
public sealed class TimeModel
{
    /// <summary>2025-01-01T00:00:00Z: the first instant a conversation may start.</summary>
    public static readonly long Start = Instant.FromUtc(2025, 1, 1, 0, 0).ToUnixTimeTicks() / TicksPerMicrosecond;

    /// <summary>2026-01-01T00:00:00Z: no event is at or after this instant.</summary>
    public static readonly long End = Instant.FromUtc(2026, 1, 1, 0, 0).ToUnixTimeTicks() / TicksPerMicrosecond;

    /// <summary>Rasa's default <c>session_expiration_time</c>: 60 minutes, in microseconds.</summary>
    public const long SessionExpiration = 60L * 60 * MicrosPerSecond;

    /// <summary>Microseconds per second.</summary>
    public const long MicrosPerSecond = 1_000_000;

    private const long TicksPerMicrosecond = NodaConstants.TicksPerMillisecond / 1000;
    private const long MicrosPerHour = 3600 * MicrosPerSecond;

    // Relative traffic per UTC hour of day: a European audience.
    private static readonly double[] HourWeights =
    [
        0.15, 0.10, 0.08, 0.07, 0.08, 0.15, 0.35, 0.60, 0.85, 1.00, 1.05, 1.10,
        1.00, 1.00, 1.05, 1.00, 0.95, 0.90, 0.85, 0.80, 0.70, 0.55, 0.40, 0.25,
    ];

    private readonly WeightedTable<int> _hours;

    /// <summary>Builds the table of the year's 8,760 hours and their weights.</summary>
    public TimeModel()
    {
        var firstDay = new LocalDate(2025, 1, 1);
        var days = Period.Between(firstDay, new LocalDate(2026, 1, 1), PeriodUnits.Days).Days;
        _hours = new WeightedTable<int>(
            Enumerable.Range(0, days * 24).Select(h => (h, HourWeight(firstDay.PlusDays(h / 24), h % 24, days))));
    }

    /// <summary>A conversation's first instant, in microseconds since the epoch, in <c>[Start, End)</c>.</summary>
    public long ConversationStart(Pcg32 random) =>
        Start + (_hours.PickIndex(random) * MicrosPerHour) + (long)(random.NextDouble() * MicrosPerHour);

    /// <summary>How long a user takes to answer: log-normal, median 7 s, 1 s to 15 min.</summary>
    public static long ThinkTime(Pcg32 random) =>
        Seconds(Math.Clamp(random.NextLogNormal(7, 0.8), 1, 900), random);

    /// <summary>A pause that expires the session: 1 h plus an exponential with mean 18 h, at most 7 days.</summary>
    public static long IdleGap(Pcg32 random) =>
        SessionExpiration + Seconds(Math.Min(random.NextExponential(18 * 3600), 7 * 24 * 3600), random);

    /// <summary>NLU and policy prediction after a user message: 15 to 250 ms.</summary>
    public static long PredictionLatency(Pcg32 random) => Millis(random.NextDouble(15, 250), random);

    /// <summary>A call to the action server: 30 to 400 ms.</summary>
    public static long ActionServerLatency(Pcg32 random) => Millis(random.NextDouble(30, 400), random);

    /// <summary>Between an action and the events it produced: 50 µs to 2 ms.</summary>
    public static long EventSpacing(Pcg32 random) => random.NextInt(50, 2000);

    /// <summary>Between one prediction and the next in the same turn: 3 to 40 ms.</summary>
    public static long NextPrediction(Pcg32 random) => Millis(random.NextDouble(3, 40), random);

    private static long Seconds(double seconds, Pcg32 random) => (long)(seconds * MicrosPerSecond) + random.NextInt(1000);

    private static long Millis(double millis, Pcg32 random) => (long)(millis * 1000) + random.NextInt(1000);

    private static double HourWeight(LocalDate day, int hour, int daysInYear)
    {
        var weekend = day.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday ? 0.55 : 1.0;
        var growth = 0.8 + (0.4 * day.DayOfYear / daysInYear);
        return HourWeights[hour] * weekend * growth;
    }
}
