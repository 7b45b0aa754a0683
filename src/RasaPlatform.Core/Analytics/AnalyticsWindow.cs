using System.Diagnostics.CodeAnalysis;
using NodaTime;
using NodaTime.Text;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Analytics;

/// <summary>The width of one analytics bin: a fixed duration, or a calendar period in the request's time zone.</summary>
/// <remarks>
/// <para>
/// A <em>calendar</em> window is a positive whole number of years, months, weeks or days with no time part
/// (<c>P1D</c>, <c>P1W</c>, <c>P1M</c>, <c>P1Y</c>, pytimeparse <c>1d</c>, <c>2d</c>, <c>1w</c>, <c>1w 2d</c>): its bins
/// start at local midnight and last as long as the local calendar says, so a day bin is 23 h or 25 h on a day the
/// clocks change. Every other window is <em>fixed</em>: a positive duration, days counted as 24 h when a time part is
/// also written (<c>PT1H</c>, <c>PT15M</c>, <c>P1DT12H</c> is 36 h, <c>1d 12h</c>, <c>1.5d</c>, <c>24h</c>,
/// <c>1:30</c>). A window mixing years or months with a time part (<c>P1MT1H</c>) has no meaning either way and is
/// rejected.
/// </para>
/// <para>
/// Text starting with <c>P</c> (any case) is an ISO-8601 duration, read with NodaTime's period patterns (weeks may be
/// combined with other units, seconds may carry a fraction); anything else is read by <see cref="PyTimeParse"/>. Zero
/// and negative windows are rejected: a bin must have a width. So are windows longer than
/// <see cref="MaximumDays"/> days (months counted as 31 days, years as 366).
/// </para>
/// </remarks>
public sealed class AnalyticsWindow : IEquatable<AnalyticsWindow>
{
    /// <summary>The longest window accepted, in days: 100 years.</summary>
    public const int MaximumDays = 36_525;

    private const string TooLong = "is longer than 100 years";

    private AnalyticsWindow(Duration? fixedWidth, Period? calendar)
    {
        Fixed = fixedWidth;
        Calendar = calendar;
    }

    /// <summary>The width of every bin of a fixed window; null for a calendar window.</summary>
    public Duration? Fixed { get; }

    /// <summary>A calendar window's period (only years, months, weeks and days); null for a fixed window.</summary>
    public Period? Calendar { get; }

    /// <summary>Whether bins follow the local calendar (<see cref="Calendar"/> is set).</summary>
    public bool IsCalendar => Calendar is not null;

    /// <summary>A fixed window.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not positive, or longer than <see cref="MaximumDays"/> days.</exception>
    public static AnalyticsWindow FromDuration(Duration width) =>
        Check(width) is { } problem ? throw new ArgumentOutOfRangeException(nameof(width), problem) : new(width, null);

    /// <summary>A calendar window of whole years, months, weeks and days.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A time part, a negative part, nothing, or too long.</exception>
    public static AnalyticsWindow FromPeriod(Period period) =>
        CheckCalendar(period) is { } problem ? throw new ArgumentOutOfRangeException(nameof(period), problem) : new(null, period);

    /// <summary>Reads a <c>window</c> parameter.</summary>
    /// <param name="text">An ISO-8601 duration or a pytimeparse 1.1.8 expression.</param>
    /// <param name="window">The window, when the text is one.</param>
    /// <param name="problem">Why it is not, in a sentence fit for an API error; null on success.</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out AnalyticsWindow? window, [NotNullWhen(false)] out string? problem)
    {
        window = null;
        var trimmed = text?.Trim() ?? string.Empty;
        problem = trimmed.Length == 0 ? "is empty"
            : trimmed[0] is 'P' or 'p' ? FromIso(trimmed.ToUpperInvariant(), out window)
            : FromPyTimeParse(trimmed, out window);
        if (problem is null && window is not null)
        {
            return true;
        }

        problem = $"'{text}' is not a window: it {problem}. Use an ISO-8601 duration (PT15M, PT1H, P1D, P1W, P1M) or a "
            + "pytimeparse expression (15m, 1h, 1d, 1:30).";
        return false;
    }

    /// <summary>Reads a <c>window</c> parameter; blank gives null (no window: ten equal bins).</summary>
    /// <exception cref="InvalidEventException">Not a window; <see cref="InvalidEventException.Field"/> is <paramref name="field"/>.</exception>
    public static AnalyticsWindow? Parse(string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return TryParse(text, out var window, out var problem) ? window : throw new InvalidEventException(field, problem);
    }

    public bool Equals(AnalyticsWindow? other) => other is not null && Fixed == other.Fixed && Equals(Calendar, other.Calendar);

    public override bool Equals(object? obj) => Equals(obj as AnalyticsWindow);

    public override int GetHashCode() => HashCode.Combine(Fixed, Calendar);

    /// <summary>ISO-8601: <c>PT1H30M</c>, <c>P1D</c>, <c>P1W</c>.</summary>
    public override string ToString() => Fixed is { } width
        ? PeriodPattern.NormalizingIso.Format(Period.FromNanoseconds(width.ToInt64Nanoseconds()).Normalize())
        : PeriodPattern.Roundtrip.Format(Calendar!);

    private static string? FromIso(string text, out AnalyticsWindow? window)
    {
        window = null;
        var result = PeriodPattern.Roundtrip.Parse(text);
        if (!result.Success)
        {
            result = PeriodPattern.NormalizingIso.Parse(text);
        }

        if (!result.Success)
        {
            return "is not an ISO-8601 duration";
        }

        var period = result.Value;
        if (!period.HasTimeComponent)
        {
            return NewCalendar(period, out window);
        }

        if (period.Years != 0 || period.Months != 0)
        {
            return "mixes years or months with hours, minutes or seconds";
        }

        return period.Years < 0 || period.Months < 0 || period.Weeks < 0 || period.Days < 0 || period.Hours < 0
            || period.Minutes < 0 || period.Seconds < 0 || period.Milliseconds < 0 || period.Ticks < 0 || period.Nanoseconds < 0
            ? "has a negative part"
            : NewFixed(period.ToDuration(), out window);
    }

    private static string? FromPyTimeParse(string text, out AnalyticsWindow? window)
    {
        window = null;
        if (!PyTimeParse.TryParse(text, out PyTimeParse.Expression expression))
        {
            return "is not a duration";
        }

        // Only whole weeks and days, positive: calendar. 1.5d, 1d 12h and 24h stay fixed.
        var wholeDays = !expression.HasTimeOfDayParts && expression.Seconds > 0
            && IsWhole(expression.Weeks) && IsWhole(expression.Days);
        if (wholeDays && expression.Seconds <= MaximumDays * 86_400.0)
        {
            return NewCalendar(Period.FromWeeks(Whole(expression.Weeks)) + Period.FromDays(Whole(expression.Days)), out window);
        }

        // Sub-tick remainders of fractional seconds are rounded to the nearest tick (100 ns), the store's resolution.
        return Math.Abs(expression.Seconds) > MaximumDays * 86_400.0
            ? TooLong
            : NewFixed(Duration.FromTicks(Math.Round(expression.Seconds * NodaConstants.TicksPerSecond)), out window);
    }

    private static bool IsWhole(string? number) => number is null || !number.Contains('.', StringComparison.Ordinal);

    private static int Whole(string? number) =>
        number is null ? 0 : int.Parse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture);

    private static string? NewCalendar(Period period, out AnalyticsWindow? window)
    {
        var problem = CheckCalendar(period);
        window = problem is null ? new AnalyticsWindow(null, period) : null;
        return problem;
    }

    private static string? NewFixed(Duration width, out AnalyticsWindow? window)
    {
        var problem = Check(width);
        window = problem is null ? new AnalyticsWindow(width, null) : null;
        return problem;
    }

    private static string? Check(Duration width) =>
        width <= Duration.Zero ? "is not positive"
        : width > Duration.FromDays(MaximumDays) ? TooLong
        : null;

    private static string? CheckCalendar(Period period)
    {
        if (period.HasTimeComponent)
        {
            return "has a time part";
        }

        if (period.Years < 0 || period.Months < 0 || period.Weeks < 0 || period.Days < 0)
        {
            return "has a negative part";
        }

        var days = (period.Years * 366L) + (period.Months * 31L) + (period.Weeks * 7L) + period.Days;
        return days == 0 ? "is not positive" : days > MaximumDays ? TooLong : null;
    }
}
