using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace RasaPlatform.Core.Analytics;

/// <summary>
/// The time expressions pytimeparse 1.1.8 reads (what the Rasa X spec's <c>window</c> points to), read as it reads them.
/// </summary>
/// <remarks>
/// <para>
/// An optional sign (<c>+</c>, <c>-</c>, or <c>|</c> meaning <c>+</c>), then, case-insensitively and ignoring surrounding
/// whitespace, the first of five forms that matches the whole text: a unit list in the order weeks, days, hours,
/// minutes, seconds (each part optional, <c>NUM\s*UNIT</c>, with an optional <c>,</c> or <c>/</c> after each part but
/// the seconds; <c>NUM</c> is <c>[0-9.]+</c>); <c>MM:SS</c>; optional weeks and days then <c>H:MM:SS</c>;
/// <c>D:HH:MM:SS</c>; <c>:SS</c> (the clock forms' seconds may carry a fraction). Years, months and bare numbers are
/// not accepted.
/// </para>
/// <para>
/// The value follows pytimeparse's arithmetic: when every number is an integer the result is their exact sum; when
/// only the seconds are an integer (or absent), the other parts are summed as doubles in the order weeks, days, hours,
/// minutes and truncated toward zero (<c>1.11 minutes</c> is 66 s), the sign applies to that part only, and the seconds
/// are added; otherwise everything is summed as doubles. A number that is not a decimal number (<c>1.2.3h</c>,
/// <c>.h</c>) makes pytimeparse raise; here it is a rejection.
/// </para>
/// <para>
/// Deliberate differences: digits are ASCII only (Python's <c>\d</c> also takes other scripts' digits), and Unicode
/// case folds beyond ASCII are not replicated. A line feed inside the text is rejected, as pytimeparse fails on it.
/// </para>
/// </remarks>
public static partial class PyTimeParse
{
    private const string Weeks = @"(?<weeks>[0-9.]+)\s*(?:w|wks?|weeks?)";
    private const string Days = @"(?<days>[0-9.]+)\s*(?:d|dys?|days?)";
    private const string Hours = @"(?<hours>[0-9.]+)\s*(?:h|hrs?|hours?)";
    private const string Minutes = @"(?<mins>[0-9.]+)\s*(?:m|mins?|minutes?)";
    private const string Seconds = @"(?<secs>[0-9.]+)\s*(?:s|secs?|seconds?)";
    private const string Separator = @"\s*(?:[,/]\s*)?";
    private const string ClockSeconds = @"(?<secs>[0-9]{2}(?:\.[0-9]+)?)";
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    private static readonly string[] PartNames = ["weeks", "days", "hours", "mins", "secs"];
    private static readonly long[] Multipliers = [7 * 86_400, 86_400, 3_600, 60, 1];

    /// <summary>Reads <paramref name="text"/> as pytimeparse 1.1.8 does.</summary>
    /// <param name="text">The expression, e.g. <c>1d</c>, <c>1:30</c>, <c>2 days, 4:13:02</c>.</param>
    /// <param name="seconds">The signed number of seconds, exact up to 2^53; fractional only when the seconds part is.</param>
    /// <returns>False where pytimeparse returns None or raises, and where the value is not finite.</returns>
    public static bool TryParse(string? text, out double seconds)
    {
        var parsed = TryParse(text, out Expression expression);
        seconds = parsed ? expression.Seconds : 0;
        return parsed;
    }

    /// <summary>Reads <paramref name="text"/>, also saying which units it named.</summary>
    internal static bool TryParse(string? text, out Expression expression)
    {
        expression = default;
        if (text is null || SignPattern().Match(text) is not { Success: true } signed)
        {
            return false;
        }

        var negative = signed.Groups["sign"].Value == "-";
        var unsigned = signed.Groups["unsigned"].Value;
        foreach (var format in Formats)
        {
            if (format.Match(unsigned) is { Success: true } match && match.Value.Trim().Length > 0)
            {
                return TryEvaluate(match, negative, out expression);
            }
        }

        return false;
    }

    private static Regex[] Formats { get; } =
    [
        UnitListPattern(),
        MinuteClockPattern(),
        HourClockPattern(),
        DayClockPattern(),
        SecondClockPattern(),
    ];

    private static bool TryEvaluate(Match match, bool negative, out Expression expression)
    {
        expression = default;
        var parts = new string?[PartNames.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = match.Groups[PartNames[i]] is { Success: true } group ? group.Value : null;
        }

        var sign = negative ? -1 : 1;
        var secs = parts[^1];
        double value;
        if (parts.All(p => p is null || IsInteger(p)))
        {
            var sum = BigInteger.Zero;
            for (var i = 0; i < parts.Length; i++)
            {
                sum += parts[i] is { } p ? Multipliers[i] * BigInteger.Parse(p, CultureInfo.InvariantCulture) : BigInteger.Zero;
            }

            value = (double)(sign * sum);
        }
        else if (secs is null || IsInteger(secs))
        {
            if (!TrySum(parts[..^1], out var other))
            {
                return false;
            }

            var integralSeconds = secs is null ? 0 : (double)BigInteger.Parse(secs, CultureInfo.InvariantCulture);
            value = sign * Math.Truncate(other) + integralSeconds;
        }
        else if (TrySum(parts, out var all))
        {
            value = sign * all;
        }
        else
        {
            return false;
        }

        expression = new Expression(value, parts[0], parts[1], parts.Skip(2).Any(p => p is not null));
        return double.IsFinite(value);
    }

    // Python's sum() of MULTIPLIER * float(v) in group order: the same doubles, added in the same order.
    private static bool TrySum(string?[] parts, out double sum)
    {
        sum = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i] is not { } p)
            {
                continue;
            }

            if (!IsDecimal(p))
            {
                return false;
            }

            sum += Multipliers[i] * double.Parse(p, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        }

        return true;
    }

    private static bool IsInteger(string part) => !part.Contains('.', StringComparison.Ordinal);

    // What Python's float() accepts of [0-9.]+: digits with at most one point and at least one digit.
    private static bool IsDecimal(string part) =>
        part.Count(c => c == '.') <= 1 && part.Any(char.IsAsciiDigit);

    [GeneratedRegex(@"^\s*(?<sign>[+|-])?\s*(?<unsigned>.*)$", RegexOptions.ExplicitCapture | RegexOptions.CultureInvariant)]
    private static partial Regex SignPattern();

    [GeneratedRegex(@"^\s*(?:" + Weeks + Separator + @")?\s*(?:" + Days + Separator + @")?\s*(?:" + Hours + Separator
        + @")?\s*(?:" + Minutes + Separator + @")?\s*(?:" + Seconds + @")?\s*$", Options)]
    private static partial Regex UnitListPattern();

    [GeneratedRegex(@"^\s*(?<mins>[0-9]{1,2}):" + ClockSeconds + @"\s*$", Options)]
    private static partial Regex MinuteClockPattern();

    [GeneratedRegex(@"^\s*(?:" + Weeks + Separator + @")?\s*(?:" + Days + Separator
        + @")?\s*(?<hours>[0-9]+):(?<mins>[0-9]{2}):" + ClockSeconds + @"\s*$", Options)]
    private static partial Regex HourClockPattern();

    [GeneratedRegex(@"^\s*(?<days>[0-9]+):(?<hours>[0-9]{2}):(?<mins>[0-9]{2}):" + ClockSeconds + @"\s*$", Options)]
    private static partial Regex DayClockPattern();

    [GeneratedRegex(@"^\s*:" + ClockSeconds + @"\s*$", Options)]
    private static partial Regex SecondClockPattern();

    /// <summary>A parsed expression: its value and the week and day numbers as written.</summary>
    /// <param name="Seconds">pytimeparse's value.</param>
    /// <param name="Weeks">The weeks number as written; null when absent.</param>
    /// <param name="Days">The days number as written; null when absent.</param>
    /// <param name="HasTimeOfDayParts">Whether hours, minutes or seconds were written.</param>
    internal readonly record struct Expression(double Seconds, string? Weeks, string? Days, bool HasTimeOfDayParts);
}
