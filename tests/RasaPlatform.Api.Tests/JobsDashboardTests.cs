using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using RasaPlatform.Core.Access;

namespace RasaPlatform.Api.Tests;

/// <summary>The Hangfire dashboard at <c>/jobs</c>: its sign-in, its cookie, and who gets in.</summary>
public sealed class JobsDashboardTests(SqliteApiFactory factory) : IClassFixture<SqliteApiFactory>
{
    [Fact]
    public async Task Dashboard_BrowserWithoutToken_IsSentToSignIn()
    {
        using var browser = Browser();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/jobs");
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/jobs/sign-in", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Dashboard_ScriptWithoutToken_Is401Problem()
    {
        using var browser = Browser();

        using var response = await browser.GetAsync(new Uri("/jobs/metadata", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/jobs/sign-in", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ApiRole.View, new string[0])]
    [InlineData(ApiRole.Manage, new[] { "support" })]
    public async Task Dashboard_TokenThatIsNotAnUnlimitedManageToken_Is403(ApiRole role, string[] assistants)
    {
        var token = (await factory.CreateTokenAsync(role, assistants)).Secret;
        using var bearer = Browser();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var signIn = await SignInAsync(Browser(), token);
        using var withCookie = Browser();

        using var byBearer = await bearer.GetAsync(new Uri("/jobs", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, byBearer.StatusCode);
        Assert.Equal("application/problem+json", byBearer.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, signIn.StatusCode);
        Assert.False(signIn.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task SignIn_ManageToken_SetsAStrictHttpOnlyCookieForTheDashboardOnly_AndTheDashboardAnswers()
    {
        using var browser = Browser();

        using var signIn = await SignInAsync(browser, factory.ManageToken);

        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        Assert.Equal("/jobs", signIn.Headers.Location?.OriginalString);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/jobs", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(factory.ManageToken, signIn.Headers.Location?.OriginalString ?? string.Empty, StringComparison.Ordinal);

        var pair = cookie[..cookie.IndexOf(';', StringComparison.Ordinal)];
        foreach (var page in new[] { "/jobs", "/jobs/metadata", "/jobs/servers", "/jobs/recurring" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, page);
            request.Headers.Add("Cookie", pair);
            using var response = await browser.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("RasaPlatform jobs", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SignIn_UnknownOrMalformedToken_Is401AndSetsNoCookie()
    {
        using var malformed = await SignInAsync(Browser(), "not-a-token");
        using var unknown = await SignInAsync(Browser(), "rp_00000000_" + new string('A', 43));

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (malformed.StatusCode, unknown.StatusCode));
        Assert.False(malformed.Headers.Contains("Set-Cookie") || unknown.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Cookie_OfARevokedToken_NoLongerGetsIn()
    {
        var created = await factory.CreateTokenAsync(ApiRole.Manage);
        using var browser = Browser();
        using var signIn = await SignInAsync(browser, created.Secret);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single();
        await factory.Services.GetRequiredService<ApiTokenService>().RevokeAsync(created.Token.Id, CancellationToken.None);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/jobs/metadata");
        request.Headers.Add("Cookie", cookie[..cookie.IndexOf(';', StringComparison.Ordinal)]);
        using var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SignInForm_IsServedWithoutToken()
    {
        using var response = await Browser().GetAsync(new Uri("/jobs/sign-in", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<form method=\"post\" action=\"/jobs/sign-in\">", html, StringComparison.Ordinal);
        Assert.Contains("type=\"password\"", html, StringComparison.Ordinal);
    }

    /// <summary>A client without a token that neither follows redirects nor keeps cookies.</summary>
    /// <remarks>On Kestrel the factory's own clients ignore those options, so this is a plain client of its address.</remarks>
    private HttpClient Browser()
    {
        factory.StartServer();
        return new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = factory.ClientOptions.BaseAddress };
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string token)
    {
        using var form = new FormUrlEncodedContent([new KeyValuePair<string, string>("token", token)]);
        return await client.PostAsync(new Uri("/jobs/sign-in", UriKind.Relative), form);
    }
}
