using System.Collections;
using System.Numerics;
using NodaTime;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Analytics;

/// <summary>The consecutive half-open bins <c>[Start, End)</c> an analytics request asks for, in time order.</summary>
/// <remarks>
/// <para>
/// The bins cover the requested range <c>[start, end)</c> without gaps; the first may begin before <c>start</c> and the
/// last may end after <c>end</c>, and each bin's values count everything in the whole bin. There is always at least
/// one bin, so <c>end == start</c> gives the bin that holds <c>start</c>.
/// </para>
/// <list type="bullet">
/// <item>No window: <see cref="DefaultCount"/> bins of equal width <c>ceil((end - start) / 10)</c> whole seconds, at
/// least one second, from <c>start</c> (as Rasa X, so <c>end == start</c> gives ten one-second bins).</item>
/// <item>Fixed window <c>w</c>: <c>max(1, ceil((end - start) / w))</c> bins of width <c>w</c> from <c>start</c>.</item>
/// <item>Calendar window: the first bin starts at the start of the local day in the zone that holds <c>start</c>
/// (for a window of whole weeks, the Monday of its ISO week; with months, the 1st; with years, 1 January; weeks and days
/// together, such as <c>1w 2d</c>, start on the day itself); bin <c>i</c>
/// starts at the start of the local date <c>first + i × period</c>. The start of a day is local midnight, or the first
/// instant of the day where the clocks skip midnight. Bins continue until one ends at or after <c>end</c>.</item>
/// </list>
/// </remarks>
public sealed class AnalyticsBins : IReadOnlyList<AnalyticsBin>
{
    /// <summary>Bins without a window, as Rasa X.</summary>
    public const int DefaultCount = 10;

    /// <summary>The most bins a request may ask for.</summary>
    public const int MaximumCount = 10_000;

    private readonly Instant[] _edges;

    private AnalyticsBins(Instant[] edges, AnalyticsWindow? window, DateTimeZone zone)
    {
        _edges = edges;
        Window = window;
        Zone = zone;
    }

    /// <summary>The window the bins were made with; null for the default ten bins.</summary>
    public AnalyticsWindow? Window { get; }

    /// <summary>The zone calendar bins follow.</summary>
    public DateTimeZone Zone { get; }

    /// <summary>The number of bins, at least 1.</summary>
    public int Count => _edges.Length - 1;

    /// <summary>The start of the first bin (inclusive).</summary>
    public Instant Start => _edges[0];

    /// <summary>The end of the last bin (exclusive).</summary>
    public Instant End => _edges[^1];

    public AnalyticsBin this[int index] =>
        (uint)index < (uint)Count ? new(_edges[index], _edges[index + 1]) : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>Makes the bins for the range <c>[start, end)</c>.</summary>
    /// <param name="start">The range's start (inclusive).</param>
    /// <param name="end">The range's end (exclusive); not before <paramref name="start"/>.</param>
    /// <param name="window">The bin width; null for <see cref="DefaultCount"/> equal bins.</param>
    /// <param name="zone">The zone calendar windows follow; fixed windows ignore it.</param>
    /// <param name="maximumCount">The most bins allowed; <see cref="MaximumCount"/> unless a caller wants fewer.</param>
    /// <exception cref="InvalidEventException">
    /// Field <c>end</c>: <paramref name="end"/> is before <paramref name="start"/>. Field <c>window</c>: the window
    /// would make more than <paramref name="maximumCount"/> bins, or bins beyond the supported time range.
    /// </exception>
    public static AnalyticsBins Create(Instant start, Instant end, AnalyticsWindow? window, DateTimeZone zone, int maximumCount = MaximumCount)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumCount, 1);
        if (end < start)
        {
            throw new InvalidEventException("end", "'end' must not be before 'start'.");
        }

        try
        {
            var edges = window switch
            {
                null => FixedEdges(start, DefaultWidth(end - start), DefaultCount),
                { Fixed: { } width } => FixedEdges(start, width, FixedCount(end - start, width, maximumCount)),
                _ => CalendarEdges(start, end, window.Calendar!, zone, maximumCount),
            };
            return new AnalyticsBins(edges, window, zone);
        }
        catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException)
        {
            throw new InvalidEventException("window", "The bins would reach beyond the supported time range (years 1 to 9999).");
        }
    }

    /// <summary>The index of the bin that holds <paramref name="instant"/>; -1 when no bin does.</summary>
    public int IndexOf(Instant instant)
    {
        if (instant < Start || instant >= End)
        {
            return -1;
        }

        var found = Array.BinarySearch(_edges, instant);
        return found >= 0 ? found : ~found - 1;
    }

    public IEnumerator<AnalyticsBin> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static Duration DefaultWidth(Duration range)
    {
        var tenthNanoseconds = Ceiling(range.ToBigIntegerNanoseconds(), DefaultCount * (BigInteger)NodaConstants.NanosecondsPerSecond);
        return Duration.FromSeconds((long)BigInteger.Max(tenthNanoseconds, BigInteger.One));
    }

    private static int FixedCount(Duration range, Duration width, int maximumCount)
    {
        var count = BigInteger.Max(Ceiling(range.ToBigIntegerNanoseconds(), width.ToBigIntegerNanoseconds()), BigInteger.One);
        return count <= maximumCount
            ? (int)count
            : throw new InvalidEventException("window", $"The window makes {count} bins; at most {maximumCount} are allowed.");
    }

    private static BigInteger Ceiling(BigInteger dividend, BigInteger divisor) => (dividend + divisor - 1) / divisor;

    private static Instant[] FixedEdges(Instant start, Duration width, int count)
    {
        var edges = new Instant[count + 1];
        for (var i = 0; i <= count; i++)
        {
            edges[i] = start + (width * i);
        }

        return edges;
    }

    private static Instant[] CalendarEdges(Instant start, Instant end, Period period, DateTimeZone zone, int maximumCount)
    {
        var first = Align(start.InZone(zone).Date, period);
        var edges = new List<Instant> { zone.AtStartOfDay(first).ToInstant() };
        for (var i = 1; edges.Count < 2 || edges[^1] < end; i++)
        {
            if (i > maximumCount)
            {
                throw new InvalidEventException("window", $"The window makes more than {maximumCount} bins; at most {maximumCount} are allowed.");
            }

            edges.Add(zone.AtStartOfDay(Step(first, period, i)).ToInstant());
        }

        return [.. edges];
    }

    // The period taken i times from the first date, not added i times, so month ends never drift.
    private static LocalDate Step(LocalDate first, Period period, int i) =>
        first.PlusYears(period.Years * i).PlusMonths(period.Months * i).PlusWeeks(period.Weeks * i).PlusDays(period.Days * i);

    private static LocalDate Align(LocalDate date, Period period) =>
        period.Years != 0 ? new LocalDate(date.Year, 1, 1)
        : period.Months != 0 ? new LocalDate(date.Year, date.Month, 1)
        : period.Weeks != 0 && period.Days == 0 ? date.With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday))
        : date;
}
