using NodaTime;

namespace RasaPlatform.Core.Analytics;

/// <summary>
/// The time buckets a store keeps analytics sums in: quarter hours of UTC, numbered from the Unix epoch.
/// </summary>
/// <remarks>
/// Every UTC offset in use today is a whole number of quarter hours, so local midnights and hours fall on bucket edges
/// and calendar bins are unions of whole buckets; only a bin edge inside a bucket needs that bucket's raw events.
/// </remarks>
public static class AnalyticsBucket
{
    /// <summary>The width of one bucket: 15 minutes.</summary>
    public static Duration Width { get; } = Duration.FromMinutes(15);

    private static readonly long TicksPerBucket = Width.BclCompatibleTicks;

    /// <summary>The number of the bucket holding <paramref name="instant"/>: floor(ticks since the epoch / width).</summary>
    public static long Of(Instant instant) => FloorDivide(instant.ToUnixTimeTicks(), TicksPerBucket);

    /// <summary>The first instant of bucket <paramref name="bucket"/> (inclusive).</summary>
    public static Instant StartOf(long bucket) => Instant.FromUnixTimeTicks(bucket * TicksPerBucket);

    /// <summary>Whether <paramref name="instant"/> is the first instant of a bucket.</summary>
    public static bool IsEdge(Instant instant) => instant.ToUnixTimeTicks() % TicksPerBucket == 0;

    /// <summary>The width of one bucket in whole seconds.</summary>
    public static readonly long WidthSeconds = (long)Width.TotalSeconds;

    private static readonly double SecondsPerBucket = WidthSeconds;

    /// <summary>
    /// The number of the bucket holding <paramref name="seconds"/> (Unix seconds, as events and marker sessions keep
    /// time): the bucket <c>b</c> with <c>b × 900 ≤ seconds &lt; (b + 1) × 900</c> compared as doubles, as a store
    /// compares a stored time with a bucket's edges.
    /// </summary>
    public static long OfSeconds(double seconds)
    {
        var bucket = (long)Math.Floor(seconds / SecondsPerBucket);
        if (bucket * SecondsPerBucket > seconds)
        {
            return bucket - 1;
        }

        return (bucket + 1) * SecondsPerBucket <= seconds ? bucket + 1 : bucket;
    }

    /// <summary>
    /// The buckets wholly inside the closed range <c>[start, until]</c> of Unix seconds, as <c>[From, To)</c>; empty
    /// (<c>From ≥ To</c>) when none is.
    /// </summary>
    public static (long From, long To) WhollyWithin(double start, double until)
    {
        var from = OfSeconds(start);
        if (from * SecondsPerBucket < start)
        {
            from++;
        }

        return (from, OfSeconds(until));
    }

    private static long FloorDivide(long value, long divisor) =>
        value / divisor - (value % divisor < 0 ? 1 : 0);
}
