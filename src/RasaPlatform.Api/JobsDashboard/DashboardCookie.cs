using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using RasaPlatform.Api.Access;
using RasaPlatform.Core.Access;

namespace RasaPlatform.Api.JobsDashboard;

/// <summary>
/// Authenticates the job dashboard's cookie, which the sign-in form sets: it holds an API token and is checked
/// against the store on every request, as a bearer header would be, so a revoked token stops working at once.
/// </summary>
/// <remarks>
/// A browser cannot send a bearer header, and a token must never travel in a URL. The cookie is HttpOnly (no script
/// reads it), SameSite=Strict (no other site's page makes the browser send it), Secure over HTTPS, and scoped to
/// <see cref="Path"/>, so the API under <c>/api</c> never receives it and stays bearer-only.
/// </remarks>
internal sealed class DashboardCookie(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenService tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "JobsDashboardCookie";

    public const string Name = "rasaplatform_jobs";

    public const string Path = "/jobs";

    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Cookies.TryGetValue(Name, out var presented) || string.IsNullOrEmpty(presented))
        {
            return AuthenticateResult.NoResult();
        }

        if (await tokens.AuthenticateAsync(presented, Context.RequestAborted).ConfigureAwait(false) is not { } token)
        {
            return AuthenticateResult.Fail("The dashboard's token is unknown or revoked; sign in again.");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(ApiClaims.Principal(token), SchemeName));
    }

    /// <summary>Sets the cookie to <paramref name="token"/> on the response.</summary>
    public static void Set(HttpContext context, string token) =>
        context.Response.Cookies.Append(Name, token, CookieOptionsFor(context, Lifetime));

    /// <summary>Removes the cookie.</summary>
    public static void Clear(HttpContext context) => context.Response.Cookies.Delete(Name, CookieOptionsFor(context, TimeSpan.Zero));

    private static CookieOptions CookieOptionsFor(HttpContext context, TimeSpan maxAge) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = context.Request.PathBase + Path,
        MaxAge = maxAge,
        IsEssential = true,
    };
}
