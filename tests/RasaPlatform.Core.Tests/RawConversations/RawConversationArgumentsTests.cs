using RasaPlatform.Core.Events;
using RasaPlatform.Core.RawConversations;

namespace RasaPlatform.Core.Tests.RawConversations;

public class RawConversationArgumentsTests
{
    [Fact]
    public void Query_StudiosExample_IsReadExactly()
    {
        var query = RawConversationArguments.Query("assistant-name", "2024-01-01T00:00:00Z", "2024-01-31T23:59:59.500Z", 10, 0, "example-tag, other ,");

        Assert.Equal(new RawConversationQuery("assistant-name", 1_704_067_200, 1_706_745_599.5, query.TagNames, 10, 0), query);
        Assert.Equal(["example-tag", "other"], query.TagNames);
    }

    [Fact]
    public void Query_Defaults_NoBoundsNoTags()
    {
        var query = RawConversationArguments.Query("a", null, " ", RawConversationQuery.DefaultLimit, 0, null);

        Assert.Null(query.From);
        Assert.Null(query.To);
        Assert.Empty(query.TagNames);
        Assert.Equal(10, query.Limit);
    }

    [Fact]
    public void Query_UnixSecondsAndOffsets_AreAcceptedToo()
    {
        var query = RawConversationArguments.Query("a", "1517821726.25", "2018-02-05T10:08:46.25+01:00", 1, 0, null);

        Assert.Equal(1517821726.25, query.From);
        Assert.Equal(1517821726.25, query.To);
    }

    [Theory]
    [InlineData(null, null, null, 10, 0, null, "assistantName")]
    [InlineData("", null, null, 10, 0, null, "assistantName")]
    [InlineData("a", "yesterday", null, 10, 0, null, "fromTime")]
    [InlineData("a", null, "2024-13-01", 10, 0, null, "toTime")]
    [InlineData("a", "2024-02-01", "2024-01-01", 10, 0, null, "toTime")]
    [InlineData("a", null, null, 0, 0, null, "limit")]
    [InlineData("a", null, null, 1001, 0, null, "limit")]
    [InlineData("a", null, null, 10, -1, null, "offset")]
    public void Query_BadParameter_NamesIt(string? assistant, string? from, string? to, int limit, int offset, string? tags, string field)
    {
        var error = Assert.Throws<InvalidEventException>(() => RawConversationArguments.Query(assistant, from, to, limit, offset, tags));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Query_Over100TagNames_NamesTags() =>
        Assert.Equal("tags", Assert.Throws<InvalidEventException>(() =>
            RawConversationArguments.Query("a", null, null, 10, 0, string.Join(',', Enumerable.Range(0, 101).Select(i => $"t{i}")))).Field);

    [Fact]
    public void Query_TooLongAssistant_NamesIt() =>
        Assert.Equal("assistantName", Assert.Throws<InvalidEventException>(() => RawConversationArguments.Query(new string('a', 201), null, null, 10, 0, null)).Field);
}
