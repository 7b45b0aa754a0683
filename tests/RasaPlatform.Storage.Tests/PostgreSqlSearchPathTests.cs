using RasaPlatform.Storage.PostgreSql;

namespace RasaPlatform.Storage.Tests;

public sealed class PostgreSqlSearchPathTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("  ", null)]
    [InlineData("analytics", "analytics")]
    [InlineData(" Analytics , public", "analytics")]
    [InlineData("\"Mixed Case\", public", "Mixed Case")]
    [InlineData("\"say \"\"hi\"\"\",public", "say \"hi\"")]
    [InlineData("\"$user\", public", null)]
    [InlineData("$user, public", null)]
    public void FirstSchema_ReadsTheSchemaNewTablesGoTo(string? searchPath, string? expected) =>
        Assert.Equal(expected, PostgreSqlSearchPath.FirstSchema(searchPath));

    [Fact]
    public void Quote_DoublesEmbeddedQuotes() =>
        Assert.Equal("\"a\"\"b\"", PostgreSqlSearchPath.Quote("a\"b"));
}
