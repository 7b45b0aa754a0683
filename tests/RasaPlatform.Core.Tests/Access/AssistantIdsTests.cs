using System.Text.Json;
using RasaPlatform.Core.Access;

namespace RasaPlatform.Core.Tests.Access;

public class AssistantIdsTests
{
    [Theory]
    [InlineData("""{"event":"user","metadata":{"assistant_id":"shop"}}""", "shop")]
    [InlineData("""{"event":"user","metadata":{"assistant_id":""}}""", null)]
    [InlineData("""{"event":"user","metadata":{"assistant_id":5}}""", null)]
    [InlineData("""{"event":"user","metadata":"shop"}""", null)]
    [InlineData("""{"event":"user","assistant_id":"shop"}""", null)]
    [InlineData("""["shop"]""", null)]
    [InlineData("\"shop\"", null)]
    public void Of_ReadsOnlyANonEmptyStringMetadataAssistantId(string json, string? expected)
    {
        Assert.Equal(expected, AssistantIds.Of(JsonDocument.Parse(json).RootElement));
    }

    [Theory]
    [InlineData("shop", true)]
    [InlineData("", false)]
    [InlineData("a\u0000b", false)]
    [InlineData("a\tb", false)]
    public void Problem_NamesEmptyAndControlCharacters(string name, bool acceptable)
    {
        Assert.Equal(acceptable, AssistantIds.Problem(name) is null);
        Assert.NotNull(AssistantIds.Problem(new string('x', Assistants.AssistantOptions.MaxNameLength + 1)));
    }

    [Fact]
    public void Access_LimitedComparesOrdinally_AllAllowsEverything()
    {
        var limited = AssistantAccess.Only(["Shop", "help"]);

        Assert.True(limited.IsLimited);
        Assert.True(limited.IsAllowed("Shop"));
        Assert.False(limited.IsAllowed("shop"));
        Assert.Equal(["Shop", "help"], limited.Assistants);
        Assert.True(AssistantAccess.All.IsAllowed("anything"));
        Assert.False(AssistantAccess.All.IsLimited);
        Assert.False(AssistantAccess.None.IsAllowed("anything"));
        Assert.True(AssistantAccess.None.IsLimited);
    }

    [Fact]
    public void Narrow_LimitedRequest_CountsItsAssistantsAndRefusesOthers()
    {
        var limited = AssistantAccess.Only(["a", "b"]);

        Assert.Equal(["a", "b"], limited.Narrow(null));
        Assert.Equal(["b"], limited.Narrow(["b"]));
        Assert.Equal("c", Assert.Throws<AssistantRefusedException>(() => limited.Narrow(["a", "c"])).Assistant);
        Assert.Null(AssistantAccess.All.Narrow(null));
        Assert.Equal(["c"], AssistantAccess.All.Narrow(["c"]));
        Assert.Empty(AssistantAccess.None.Narrow(null)!);
    }
}
