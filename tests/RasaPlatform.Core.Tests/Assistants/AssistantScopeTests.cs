using RasaPlatform.Core.Assistants;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Tests.Assistants;

public class AssistantScopeTests
{
    [Theory]
    [InlineData("shop", new[] { "shop" })]
    [InlineData("shop,bank", new[] { "bank", "shop" })]
    [InlineData(" shop , bank ,shop", new[] { "bank", "shop" })]
    [InlineData("Shop,shop", new[] { "Shop", "shop" })]
    [InlineData("a b", new[] { "a b" })]
    public void Parse_CommaList_TrimmedDistinctOrdinalNames(string value, string[] expected) =>
        Assert.Equal(expected, AssistantScope.Parse("assistant", value)!.Order(StringComparer.Ordinal));

    [Fact]
    public void Parse_Absent_IsEveryAssistant() => Assert.Null(AssistantScope.Parse("assistant", null));

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("a,,b")]
    [InlineData("a,")]
    [InlineData(",a")]
    [InlineData("a, ,b")]
    public void Parse_EmptyName_NamesTheParameter(string value)
    {
        var error = Assert.Throws<InvalidEventException>(() => AssistantScope.Parse("assistant", value));

        Assert.Equal("assistant", error.Field);
    }

    [Fact]
    public void Parse_NameOverTheLongestAllowed_NamesTheParameter()
    {
        var longest = new string('x', AssistantOptions.MaxNameLength);

        Assert.Equal([longest], AssistantScope.Parse("assistant", longest)!);
        Assert.Equal("assistant", Assert.Throws<InvalidEventException>(() => AssistantScope.Parse("assistant", $"ok,{longest}x")).Field);
    }

    [Fact]
    public void Parse_OverAHundredNames_NamesTheParameter()
    {
        Assert.Equal(100, AssistantScope.Parse("assistant", string.Join(',', Enumerable.Range(0, 100).Select(i => $"a{i}")))!.Count);
        Assert.Equal("assistant", Assert.Throws<InvalidEventException>(() => AssistantScope.Parse("assistant", string.Join(',', Enumerable.Range(0, 101).Select(i => $"a{i}")))).Field);
    }

    [Fact]
    public void Intersect_NullIsEveryAssistant_OtherwiseWhatBothAdmit()
    {
        HashSet<string> ab = ["a", "b"], bc = ["b", "c"], c = ["c"], a = ["a"];

        Assert.Null(AssistantScope.Intersect(null, null));
        Assert.Equal(ab, AssistantScope.Intersect(ab, null));
        Assert.Equal(ab, AssistantScope.Intersect(null, ab));
        Assert.Equal(["b"], AssistantScope.Intersect(ab, bc)!);
        Assert.Empty(AssistantScope.Intersect(a, c)!);
        Assert.Empty(AssistantScope.Intersect(c, a)!);
    }
}
