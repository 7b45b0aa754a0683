using System.Net;
using System.Text.RegularExpressions;
using RasaPlatform.Api.Hosting;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Api.Tests;

/// <summary>
/// The <c>tokens</c> command on the service's own store: the token it prints is the one the service accepts, what it
/// revokes the service refuses at once, and the first start on a store without tokens says how to make one.
/// </summary>
/// <remarks>Every test has a store of its own: a factory not yet started, which the command fills first.</remarks>
public abstract partial class TokensCommandTests<TFactory>
    where TFactory : ApiFactory, new()
{
    [ContractFact]
    public async Task Create_PrintsTheTokenAloneOnStandardOutput_AndTheServiceAcceptsItWithItsRoleAndLimits()
    {
        await using var factory = new TFactory();

        var (exit, output, error) = await RunAsync(factory, "create", "--role", "view", "--assistant", "shop-bot", "--name", "ci reader");

        Assert.Equal(0, exit);
        var token = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(TokenPattern(), token);
        Assert.Contains($"Created token {token[3..11]}: role view, limited to assistants shop-bot, name \"ci reader\"", error, StringComparison.Ordinal);
        using var client = factory.CreateClientWith(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/version", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(new Uri("/api/admin/metadata", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync(new Uri("/api/conversations/x", UriKind.Relative))).StatusCode);
    }

    [ContractFact]
    public async Task Create_TwoTokens_AreDifferentAndBothWork()
    {
        await using var factory = new TFactory();

        var first = (await RunAsync(factory, "create", "--role=manage")).Output.Trim();
        var second = (await RunAsync(factory, "create", "--role=manage")).Output.Trim();

        Assert.NotEqual(first, second);
        foreach (var token in new[] { first, second })
        {
            using var client = factory.CreateClientWith(token);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/admin/metadata", UriKind.Relative))).StatusCode);
        }
    }

    [ContractFact]
    public async Task Revoke_TheServiceRefusesTheTokenFromTheNextRequestOn_AndAgainChangesNothing()
    {
        await using var factory = new TFactory();
        var token = (await RunAsync(factory, "create", "--role", "manage")).Output.Trim();
        using var client = factory.CreateClientWith(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/version", UriKind.Relative))).StatusCode);

        var revoked = await RunAsync(factory, "revoke", token[3..11]);
        var again = await RunAsync(factory, "revoke", token[3..11]);

        Assert.Equal(0, revoked.Exit);
        Assert.Contains($"Token {token[3..11]} is revoked", revoked.Output, StringComparison.Ordinal);
        Assert.Equal(0, again.Exit);
        await ProblemAssert.IsAsync(await client.GetAsync(new Uri("/api/version", UriKind.Relative)), HttpStatusCode.Unauthorized, null);
    }

    [ContractFact]
    public async Task Revoke_UnknownId_ExitsOneAndSaysSo()
    {
        await using var factory = new TFactory();

        var (exit, _, error) = await RunAsync(factory, "revoke", "0badc0de");

        Assert.Equal(1, exit);
        Assert.Contains("No token has the id '0badc0de'", error, StringComparison.Ordinal);
    }

    [ContractFact]
    public async Task List_ShowsEveryTokenAndNoSecret()
    {
        await using var factory = new TFactory();
        var kept = (await RunAsync(factory, "create", "--role", "ingest", "--assistant", "b", "--assistant", "a", "--name", "bot")).Output.Trim();
        var gone = (await RunAsync(factory, "create", "--role", "view")).Output.Trim();
        await RunAsync(factory, "revoke", gone[3..11]);

        var (exit, output, _) = await RunAsync(factory, "list");

        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Matches($@"^{kept[3..11]}\s+ingest\s+\S+Z\s+-\s+a,b\s+bot$", lines.Single(l => l.StartsWith(kept[3..11], StringComparison.Ordinal)).TrimEnd());
        Assert.Matches($@"^{gone[3..11]}\s+view\s+\S+Z\s+\S+Z\s+\*$", lines.Single(l => l.StartsWith(gone[3..11], StringComparison.Ordinal)).TrimEnd());
        Assert.DoesNotContain(kept[12..], output, StringComparison.Ordinal);
        Assert.DoesNotContain(gone[12..], output, StringComparison.Ordinal);
    }

    [ContractTheory]
    [InlineData()]
    [InlineData("create")]
    [InlineData("create", "--role", "admin")]
    [InlineData("create", "--role")]
    [InlineData("create", "--role", "view", "--role", "manage")]
    [InlineData("create", "--role", "view", "--bogus", "x")]
    [InlineData("create", "--role", "view", "extra")]
    [InlineData("create", "--role", "view", "--assistant", "")]
    [InlineData("create", "--role", "view", "--assistant", "a\u0007b")]
    [InlineData("create", "--role", "view", "--name", "line\nbreak")]
    [InlineData("revoke")]
    [InlineData("revoke", "a", "b")]
    [InlineData("list", "x")]
    [InlineData("list", "--role", "view")]
    [InlineData("frobnicate")]
    public async Task BadArguments_ExitTwoWithAReasonAndCreateNothing(params string[] arguments)
    {
        await using var factory = new TFactory();

        var (exit, output, error) = await RunAsync(factory, arguments);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.NotEqual(string.Empty, error.Trim());
        Assert.Single((await RunAsync(factory, "list")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [ContractFact]
    public async Task FirstStart_StoreWithoutTokens_WarnsWithTheCommandThatMakesOne()
    {
        await using var factory = new TFactory();

        _ = factory.Services;

        var warning = Assert.Single(factory.Warnings.Messages, m => m.Contains("No active API token", StringComparison.Ordinal));
        Assert.Contains("tokens create --role manage", warning, StringComparison.Ordinal);
        Assert.Contains("Authorization: Bearer", warning, StringComparison.Ordinal);
    }

    [ContractFact]
    public async Task Start_StoreWithAnActiveToken_DoesNotWarn_ButOnlyRevokedOnesDo()
    {
        await using var withToken = new TFactory();
        await RunAsync(withToken, "create", "--role", "view");
        _ = withToken.Services;

        await using var onlyRevoked = new TFactory();
        await RunAsync(onlyRevoked, "revoke", (await RunAsync(onlyRevoked, "create", "--role", "view")).Output.Trim()[3..11]);
        _ = onlyRevoked.Services;

        Assert.DoesNotContain(withToken.Warnings.Messages, m => m.Contains("No active API token", StringComparison.Ordinal));
        Assert.Contains(onlyRevoked.Warnings.Messages, m => m.Contains("No active API token", StringComparison.Ordinal));
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(ApiFactory factory, params string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await RasaPlatform.Api.Hosting.Cli.CommandLine.RunAsync(
            ["tokens", .. arguments, .. factory.StoreArguments], output, error, errorIsTerminal: false, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    [GeneratedRegex("^rp_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$")]
    private static partial Regex TokenPattern();
}

public sealed class SqliteTokensCommandTests : TokensCommandTests<SqliteApiFactory>;

[RequiresPostgreSql]
public sealed class PostgreSqlTokensCommandTests : TokensCommandTests<PostgreSqlApiFactory>;
