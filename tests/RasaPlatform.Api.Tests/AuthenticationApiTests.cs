using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RasaPlatform.Core.Access;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Api.Tests;

/// <summary>
/// Bearer tokens through the real pipeline: every operation but the health checks and the docs needs one, and no,
/// malformed, unknown or revoked tokens are 401 problems with a Bearer challenge, whatever the header holds.
/// </summary>
public abstract class AuthenticationApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    [ContractTheory]
    [MemberData(nameof(Operations.ProtectedIds), MemberType = typeof(Operations))]
    public async Task NoToken_EveryOperation_Is401ProblemWithABearerChallengeAndChangesNothing(string operation)
    {
        using var anonymous = factory.CreateClientWith(null);
        using var request = Operations.Request(operation);

        using var response = await anonymous.SendAsync(request);

        await AssertUnauthorizedAsync(response, invalidToken: false);
        using var stored = await factory.CreateClient().GetAsync(new Uri($"/api/conversations/{Operations.Sender}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, stored.StatusCode);
    }

    [ContractTheory]
    [InlineData("/api/no-such-thing")]
    [InlineData("/no-such-page.html")]
    [InlineData("/api/conversations/x/y/z")]
    public async Task NoToken_UnknownPath_Is404Problem(string path)
    {
        using var anonymous = factory.CreateClientWith(null);

        using var response = await anonymous.GetAsync(new Uri(path, UriKind.Relative));

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, field: null);
    }

    [ContractFact]
    public async Task Token_DescribesItself_WithoutTheSecret()
    {
        var limited = await factory.CreateTokenAsync(ApiRole.View, "shop", "bank");
        using var limitedClient = factory.CreateClientWith(limited.Secret);
        using var manage = factory.CreateClient();

        var described = await ServiceWrites.GetJsonAsync(limitedClient, "/api/token");
        var unlimited = await ServiceWrites.GetJsonAsync(manage, "/api/token");

        Assert.Equal(limited.Token.Id, described.GetProperty("id").GetString());
        Assert.Equal("test view", described.GetProperty("name").GetString());
        Assert.Equal("view", described.GetProperty("role").GetString());
        Assert.True(described.GetProperty("limited").GetBoolean());
        Assert.Equal(["bank", "shop"], described.GetProperty("assistants").EnumerateArray().Select(a => a.GetString()));
        Assert.DoesNotContain(limited.Secret, described.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("manage", unlimited.GetProperty("role").GetString());
        Assert.False(unlimited.GetProperty("limited").GetBoolean());
        Assert.Empty(unlimited.GetProperty("assistants").EnumerateArray());
    }

    [ContractFact]
    public async Task NoToken_Root_IsTheDashboardPage_WhichHoldsNoDataAndRunsOnlyItsOwnScripts()
    {
        using var anonymous = factory.CreateClientWith(null);

        using var response = await anonymous.GetAsync(new Uri("/", UriKind.Relative));
        var page = await response.Content.ReadAsStringAsync();
        var library = System.Text.RegularExpressions.Regex.Match(page, "id=\"chart-library\" href=\"(/assets/vendor/[^\"]+)\"").Groups[1].Value;
        using var script = await anonymous.GetAsync(new Uri("/assets/app.js", UriKind.Relative));
        using var vendor = await anonymous.GetAsync(new Uri(library, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("script-src 'self';", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("src=\"/assets/app.js\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", script.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(script.Headers.CacheControl?.NoCache);
        Assert.Equal(HttpStatusCode.OK, vendor.StatusCode);
        Assert.True(vendor.Headers.CacheControl?.Public);
        Assert.Equal(TimeSpan.FromDays(365), vendor.Headers.CacheControl?.MaxAge);
    }

    /// <summary>
    /// With no fallback policy, an endpoint without its own access rule would be open to anyone: every endpoint states
    /// one (the contract's roles, or anonymous on purpose).
    /// </summary>
    [ContractFact]
    public void EveryEndpoint_StatesItsAccess()
    {
        var endpoints = factory.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints;

        Assert.NotEmpty(endpoints);
        Assert.All(endpoints, e => Assert.True(
            e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>() is not null
                || e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null
                || e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.AuthorizationPolicy>() is not null,
            $"{e.DisplayName} states no access rule"));
    }

    [ContractFact]
    public async Task NoToken_HealthContractAndDocs_Answer()
    {
        using var anonymous = factory.CreateClientWith(null);

        foreach (var path in Operations.Anonymous)
        {
            using var response = await anonymous.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        }
    }

    [ContractFact]
    public async Task ServedContract_DeclaresTheBearerSchemeForEveryOperationButHealth()
    {
        using var anonymous = factory.CreateClientWith(null);

        var yaml = await anonymous.GetStringAsync(new Uri("/api/openapi.yaml", UriKind.Relative));

        Assert.Contains("bearerAuth:", yaml, StringComparison.Ordinal);
        Assert.Contains("scheme: bearer", yaml, StringComparison.Ordinal);
        Assert.Contains("- bearerAuth: []", yaml, StringComparison.Ordinal);
        Assert.Contains("x-rasaplatform-roles", yaml, StringComparison.Ordinal);
    }

    [ContractTheory]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Bearer rp_x")]
    [InlineData("Bearer rp_0123abcd_tooshort")]
    [InlineData("Bearer rp_0123ABCD_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("Bearer rp_0123abcd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("Bearer rp_0123abcd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("Bearer not a token at all")]
    public async Task MalformedOrUnknownToken_Is401InvalidToken(string header)
    {
        using var client = factory.CreateClientWith(null);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", header);

        using var response = await client.GetAsync(new Uri("/api/version", UriKind.Relative));

        await AssertUnauthorizedAsync(response, invalidToken: true);
    }

    [ContractTheory]
    [InlineData("Basic dXNlcjpwYXNzd29yZA==")]
    [InlineData("Token {0}")]
    [InlineData("{0}")]
    [InlineData("BearerX {0}")]
    public async Task OtherScheme_Is401WithoutLookingAtTheToken(string header)
    {
        using var client = factory.CreateClientWith(null);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", string.Format(System.Globalization.CultureInfo.InvariantCulture, header, factory.ManageToken));

        using var response = await client.GetAsync(new Uri("/api/version", UriKind.Relative));

        await AssertUnauthorizedAsync(response, invalidToken: false);
    }

    [ContractTheory]
    [InlineData("bearer")]
    [InlineData("BEARER")]
    [InlineData("Bearer  ")]
    public async Task ValidToken_SchemeAnyCaseAndExtraSpaces_IsAccepted(string scheme)
    {
        using var client = factory.CreateClientWith(null);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"{scheme.TrimEnd()} {factory.ManageToken}{(scheme.EndsWith("  ", StringComparison.Ordinal) ? " " : string.Empty)}");

        using var response = await client.GetAsync(new Uri("/api/version", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [ContractFact]
    public async Task TwoAuthorizationHeaderLines_Is401EvenWhenBothAreValid()
    {
        var header = $"Authorization: Bearer {factory.ManageToken}\r\n";

        var (status, head) = await RawGetAsync("/api/version", header + header);

        Assert.Equal(401, status);
        Assert.Contains("WWW-Authenticate: Bearer", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Content-Type: application/problem+json", head, StringComparison.OrdinalIgnoreCase);
    }

    [ContractTheory]
    [InlineData(100_000)]
    [InlineData(2)]
    public async Task OddHeaders_NeverAServerError(int length)
    {
        var odd = new[] { "Bearer " + new string('a', length), "Bearer rp_" + new string('_', length), ",,,", "Bearer %00", "Bearer \"rp_\"" };
        foreach (var header in odd)
        {
            using var client = factory.CreateClientWith(null);
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", header);

            using var response = await client.GetAsync(new Uri("/api/version", UriKind.Relative));

            Assert.True((int)response.StatusCode is 400 or 401 or 431, $"{header[..Math.Min(20, header.Length)]}: {(int)response.StatusCode}");
        }
    }

    [ContractTheory]
    [InlineData("Authorization: Bearer rp_\u00ff\u00fe\r\n")]
    [InlineData("Authorization:\r\n")]
    [InlineData("Authorization: Bearer\r\n")]
    public async Task OddRawHeaderBytes_NeverAServerError(string header)
    {
        var (status, _) = await RawGetAsync("/api/version", header);

        Assert.True(status is 400 or 401, $"{status}");
    }

    [ContractFact]
    public async Task RevokedToken_Is401FromTheNextRequestOn()
    {
        var created = await factory.CreateTokenAsync(ApiRole.Manage);
        using var client = factory.CreateClientWith(created.Secret);
        using (var before = await client.GetAsync(new Uri("/api/version", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await factory.Services.GetRequiredService<ApiTokenService>().RevokeAsync(created.Token.Id, CancellationToken.None);

        using var after = await client.GetAsync(new Uri("/api/version", UriKind.Relative));
        await AssertUnauthorizedAsync(after, invalidToken: true);
    }

    [ContractFact]
    public async Task TokenOfAnotherId_WithAValidSecretPart_Is401()
    {
        var created = await factory.CreateTokenAsync(ApiRole.Manage);
        var otherId = created.Secret[..3] + (created.Token.Id == "00000000" ? "00000001" : "00000000") + created.Secret[11..];
        using var client = factory.CreateClientWith(otherId);

        using var response = await client.GetAsync(new Uri("/api/version", UriKind.Relative));

        await AssertUnauthorizedAsync(response, invalidToken: true);
    }

    /// <summary>Sends a GET with exactly these header lines over a socket, past HttpClient's own header checks.</summary>
    private async Task<(int Status, string Head)> RawGetAsync(string path, string headerLines)
    {
        using var http = factory.CreateClient();
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(http.BaseAddress!.Host, http.BaseAddress.Port);
        await using var stream = tcp.GetStream();
        var request = $"GET {path} HTTP/1.1\r\nHost: {http.BaseAddress.Authority}\r\n{headerLines}Connection: close\r\n\r\n";
        await stream.WriteAsync(System.Text.Encoding.Latin1.GetBytes(request));
        using var reader = new StreamReader(stream, System.Text.Encoding.Latin1);
        var answer = await reader.ReadToEndAsync();
        var status = int.Parse(answer.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, answer[..Math.Max(0, answer.IndexOf("\r\n\r\n", StringComparison.Ordinal))]);
    }

    private static async Task AssertUnauthorizedAsync(HttpResponseMessage response, bool invalidToken)
    {
        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, null);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Equal(invalidToken, challenge.Parameter?.Contains("error=\"invalid_token\"", StringComparison.Ordinal) == true);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }
}

public sealed class SqliteAuthenticationApiTests(SqliteApiFactory factory) : AuthenticationApiTests<SqliteApiFactory>(factory);

[RequiresPostgreSql]
public sealed class PostgreSqlAuthenticationApiTests(PostgreSqlApiFactory factory) : AuthenticationApiTests<PostgreSqlApiFactory>(factory);
