using NodaTime;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Queries;

namespace RasaPlatform.Core.Tests.Queries;

public class TimeArgumentTests
{
    [Theory]
    [InlineData("1517821726", 1517821726_0000000L)]
    [InlineData("1517821726.211042", 1517821726_2110420L)]
    [InlineData(" 0 ", 0L)]
    [InlineData("2018-01-01T11:03:01.141", 1514804581_1410000L)]   // the spec's example, read as UTC
    [InlineData("2018-01-01T11:03:01.141Z", 1514804581_1410000L)]
    [InlineData("2018-01-01T12:03:01.141+01:00", 1514804581_1410000L)]
    [InlineData("2018-01-01T11:03", 1514804580_0000000L)]
    [InlineData("2018-01-01 11:03:01", 1514804581_0000000L)]
    [InlineData("2018-01-01", 1514764800_0000000L)]
    public void Parse_UnixSecondsOrIso8601(string text, long expectedTicks) =>
        Assert.Equal(Instant.FromUnixTimeTicks(expectedTicks), TimeArgument.Parse("start", text));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Parse_Nothing_IsNull(string? text) => Assert.Null(TimeArgument.Parse("start", text));

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2018-13-01")]
    [InlineData("2018-01-01T25:00:00")]
    [InlineData("1e400")]
    [InlineData("NaN")]
    [InlineData("12:00")]
    public void Parse_Garbage_NamesTheParameter(string text)
    {
        var error = Assert.Throws<InvalidEventException>(() => TimeArgument.Parse("until", text));

        Assert.Equal("until", error.Field);
    }

    [Theory]
    [InlineData("253402300800")]        // 10000-01-01: once overflowed NodaTime with a 500
    [InlineData("1e12")]
    [InlineData("-62135596801")]        // a second before year 1
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e999")]
    [InlineData("0000-12-31T23:59:59Z")]
    [InlineData("-0001-01-01")]
    public void Parse_OutsideYears1To9999_NamesTheParameter(string text)
    {
        var error = Assert.Throws<InvalidEventException>(() => TimeArgument.Parse("start", text));

        Assert.Equal("start", error.Field);
        Assert.Contains("0001-01-01", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-62135596800")]
    [InlineData("0001-01-01")]
    public void Parse_TheFirstInstantOfYear1_IsTheEarliest(string text) => Assert.Equal(TimeArgument.Earliest, TimeArgument.Parse("start", text));

    [Theory]
    [InlineData("253402300799")]
    [InlineData("253402300799.99997")]   // the last double before year 10000
    [InlineData("9999-12-31T23:59:59.999999999Z")]
    public void Parse_TheLastSecondOf9999_IsAccepted(string text)
    {
        var time = TimeArgument.Parse("until", text)!.Value;

        Assert.InRange(time, Instant.FromUtc(9999, 12, 31, 23, 59, 59), Instant.MaxValue);
    }

    [Fact]
    public void Parse_TheFirstDoubleOfYear10000_IsRefused() =>
        Assert.Throws<InvalidEventException>(() => TimeArgument.Parse("until", "253402300799.9999999")); // the same double as 253402300800

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.MaxValue)]
    [InlineData(-1e300)]
    public void FromUnixSeconds_NotARepresentableTime_NamesTheField(double seconds) =>
        Assert.Equal("end", Assert.Throws<InvalidEventException>(() => TimeArgument.FromUnixSeconds("end", seconds)).Field);

    [Fact]
    public void UnixSeconds_RoundTrip() =>
        Assert.Equal(1517821726.211042, TimeArgument.ToUnixSeconds(TimeArgument.FromUnixSeconds("t", 1517821726.211042)), 6);
}
