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
        Assert.NotNull(AssistantIds.Problem(new string('x', global::RasaPlatform.Core.Assistants.AssistantOptions.MaxNameLength + 1)));
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
    public void Allowed_IntersectedWithTheRequest_KeepsALimitedRequestToItsAssistants()
    {
        var limited = AssistantAccess.Only(["a", "b"]).Allowed;

        Assert.Equal(["a", "b"], global::RasaPlatform.Core.Assistants.AssistantScope.Intersect(null, limited)!.Order());
        Assert.Equal(["b"], global::RasaPlatform.Core.Assistants.AssistantScope.Intersect(new HashSet<string> { "b", "c" }, limited));
        Assert.Empty(global::RasaPlatform.Core.Assistants.AssistantScope.Intersect(new HashSet<string> { "c" }, limited)!);
        Assert.Null(AssistantAccess.All.Allowed);
        Assert.Empty(AssistantAccess.None.Allowed!);
    }
}
