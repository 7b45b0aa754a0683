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

    [Fact]
    public void UnixSeconds_RoundTrip() =>
        Assert.Equal(1517821726.211042, TimeArgument.ToUnixSeconds(TimeArgument.FromUnixSeconds("t", 1517821726.211042)), 6);
}
