using RasaPlatform.Core.Events;
using RasaPlatform.Core.Tags;

namespace RasaPlatform.Core.Tests.Tags;

public class TagArgumentsTests
{
    [Theory]
    [InlineData("bug", "bug")]
    [InlineData("  needs review\t", "needs review")]
    [InlineData("Ärger & Ünicode 🐛", "Ärger & Ünicode 🐛")]
    public void Name_Acceptable_IsTrimmed(string given, string expected) => Assert.Equal(expected, TagArguments.Name("name", given));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a,b")]
    [InlineData("line\nbreak")]
    [InlineData("nul\0")]
    public void Name_Unacceptable_NamesTheField(string? given)
    {
        var error = Assert.Throws<InvalidEventException>(() => TagArguments.Name("name", given));

        Assert.Equal("name", error.Field);
    }

    [Fact]
    public void Name_LengthIsCountedAfterTrimming()
    {
        Assert.Equal(100, TagArguments.Name("name", "  " + new string('x', 100) + "  ").Length);
        Assert.Equal("name", Assert.Throws<InvalidEventException>(() => TagArguments.Name("name", new string('x', 101))).Field);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Assistant_Missing_NamesTheField(string? given) =>
        Assert.Equal("assistantName", Assert.Throws<InvalidEventException>(() => TagArguments.Assistant("assistantName", given)).Field);

    [Fact]
    public void Assistant_UpTo200Characters_TakenAsGiven()
    {
        Assert.Equal(" moodbot ", TagArguments.Assistant("assistantName", " moodbot "));
        Assert.Equal(200, TagArguments.Assistant("assistantName", new string('a', 200)).Length);
        Assert.Throws<InvalidEventException>(() => TagArguments.Assistant("assistantName", new string('a', 201)));
    }

    [Theory]
    [InlineData(null, new long[0])]
    [InlineData("", new long[0])]
    [InlineData("7", new long[] { 7 })]
    [InlineData(" 3, 17,3,,", new long[] { 3, 17 })]
    [InlineData("9223372036854775807", new long[] { long.MaxValue })]
    public void Ids_PositiveIntegers_DistinctInOrder(string? given, long[] expected) => Assert.Equal(expected, TagArguments.Ids("tags_any", given));

    [Theory]
    [InlineData("x")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("9223372036854775808")]
    [InlineData("1,two")]
    public void Ids_NotPositiveIntegers_NameTheField(string given) =>
        Assert.Equal("tags_any", Assert.Throws<InvalidEventException>(() => TagArguments.Ids("tags_any", given)).Field);

    [Fact]
    public void Ids_Over100_NameTheField() =>
        Assert.Equal("tags_any", Assert.Throws<InvalidEventException>(() => TagArguments.Ids("tags_any", string.Join(',', Enumerable.Range(1, 101)))).Field);
}
