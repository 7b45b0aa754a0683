using RasaPlatform.Core.Analytics;

namespace RasaPlatform.Core.Tests.Analytics;

/// <summary>Expected values are what pytimeparse 1.1.8 itself returns for the same text.</summary>
public class PyTimeParseTests
{
    [Theory]
    // REFERENCE §4's examples.
    [InlineData("1d", 86400)]
    [InlineData("2h", 7200)]
    [InlineData("1.5h", 5400)]
    [InlineData("1:30", 90)]
    [InlineData("01:02:03:04", 93784)]
    [InlineData("2 days, 4:13:02", 187982)]
    [InlineData("1h/30m", 5400)]
    [InlineData(".5h", 1800)]
    [InlineData("1.11 minutes", 66)]
    // pytimeparse's own doctests and tests.
    [InlineData("1:24", 84)]
    [InlineData(":22", 22)]
    [InlineData("1 minute, 24 secs", 84)]
    [InlineData("1m24s", 84)]
    [InlineData("1.2 minutes", 72)]
    [InlineData("1.2 seconds", 1.2)]
    [InlineData("- 1 minute", -60)]
    [InlineData("+ 1 minute", 60)]
    [InlineData("+32 m 1 s", 1921)]
    [InlineData("-32 m 1 s", -1921)]
    [InlineData("1w3d2h32m", 873120)]
    [InlineData("1 w 3 d 2 h 32 m", 873120)]
    [InlineData("4:13:02", 15182)]
    [InlineData("4:13:02.266", 15182.266)]
    [InlineData("2:04:13:02.266", 187982.266)]
    [InlineData("-2 days,  4:13:02.266", -187982.266)]
    [InlineData("5hr34m56s", 20096)]
    [InlineData("5 hours, 34 minutes, 56 seconds", 20096)]
    [InlineData("1.75 s", 1.75)]
    [InlineData("0:02", 2)]
    // Signs, case, spacing, every unit spelling family.
    [InlineData("|1h", 3600)]
    [InlineData("  1H  ", 3600)]
    [InlineData("2 DAYS", 172800)]
    [InlineData("1w", 604800)]
    [InlineData("2wks", 1209600)]
    [InlineData("1 week", 604800)]
    [InlineData("3 dys", 259200)]
    [InlineData("1wk 2dys", 777600)]
    [InlineData("1w, 2d", 777600)]
    [InlineData("1d/12h", 129600)]
    [InlineData("1d 1:30:00", 91800)]
    [InlineData("1w 1:00:00", 608400)]
    [InlineData("15 min", 900)]
    [InlineData("1h,", 3600)]
    [InlineData("1h,30m,", 5400)]
    [InlineData("1:60", 120)]
    [InlineData("00:00", 0)]
    // Fractions: non-second parts are summed as doubles and truncated, so 4.1 minutes (245.99999999999997 s) is 245.
    [InlineData("1.5d", 129600)]
    [InlineData("0.5w", 302400)]
    [InlineData("4.1m", 245)]
    [InlineData("1.1h", 3960)]
    [InlineData("1.h", 3600)]
    [InlineData("1.0s", 1.0)]
    [InlineData("1d2h3m4.5s", 93784.5)]
    // pytimeparse applies the sign to the truncated non-second part only, then adds the integral seconds.
    [InlineData("-1.5h 30s", -5370)]
    [InlineData("-0.0001h 30s", 30)]
    [InlineData("-0h30s", -30)]
    public void TryParse_AsPyTimeParse118(string text, double expected)
    {
        Assert.True(PyTimeParse.TryParse(text, out var seconds));
        Assert.Equal(expected, seconds);
    }

    [Theory]
    [InlineData("10")]              // bare numbers
    [InlineData("1y")]              // no years
    [InlineData("1 month")]         // no months
    [InlineData("4s3m")]            // out of order
    [InlineData("1w1w")]            // repeated
    [InlineData("1 hour 1 hour")]
    [InlineData("1.2.3h")]          // pytimeparse raises on float('1.2.3')
    [InlineData("1.2.3s")]
    [InlineData(".h")]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("h")]
    [InlineData("1h\n2m")]          // pytimeparse fails on a line feed inside
    [InlineData("1:2")]             // clock seconds are two digits
    [InlineData("123:45")]          // clock minutes are one or two digits
    [InlineData("+-1h")]
    [InlineData("1d 1:30")]         // days go only before H:MM:SS
    [InlineData("32 m - 1 s")]
    [InlineData("1,5h")]
    [InlineData("1h,,30m")]
    [InlineData("::22")]
    [InlineData("1:22:33:44:55")]
    [InlineData("P1D")]
    [InlineData("١h")]              // Arabic-Indic digit: Python's \d takes it; we take ASCII digits only
    public void TryParse_NotPyTimeParse_Fails(string text) => Assert.False(PyTimeParse.TryParse(text, out _));

    [Fact]
    public void TryParse_Null_Fails() => Assert.False(PyTimeParse.TryParse(null, out _));

    [Fact]
    public void TryParse_HugeIntegers_AreExactUpTo2Pow53AndInfinityFails()
    {
        Assert.True(PyTimeParse.TryParse("1000000000d", out var seconds));
        Assert.Equal(86_400_000_000_000d, seconds);
        Assert.False(PyTimeParse.TryParse(new string('9', 400) + ".5h", out _));
    }
}
