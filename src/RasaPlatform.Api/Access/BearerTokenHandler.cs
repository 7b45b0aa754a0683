using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using RasaPlatform.Core.Access;

namespace RasaPlatform.Api.Access;

/// <summary>Authenticates <c>Authorization: Bearer &lt;token&gt;</c> against the store's API tokens.</summary>
/// <remarks>
/// No header is no result (operations that need a token then challenge); any other header that does not carry one
/// active token fails. A challenge is a 401 problem with <c>WWW-Authenticate: Bearer</c>, adding
/// <c>error="invalid_token"</c> (RFC 6750) when a bearer token was sent but is malformed, unknown or revoked. The
/// token is never logged or echoed.
/// </remarks>
internal sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenService tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    private const string Realm = "Bearer realm=\"RasaPlatform\"";

    private bool _invalidToken;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var headers = Request.Headers.Authorization;
        if (headers.Count == 0)
        {
            return AuthenticateResult.NoResult();
        }

        if (headers.Count > 1)
        {
            return AuthenticateResult.Fail("Send one Authorization header, not several.");
        }

        var value = headers[0] ?? string.Empty;
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space < 0 ? value : value[..space];
        if (!scheme.Equals(SchemeName, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("Only bearer tokens are accepted: send 'Authorization: Bearer <token>'.");
        }

        _invalidToken = true;
        var presented = space < 0 ? string.Empty : value[(space + 1)..].Trim(' ');
        if (!ApiTokenFormat.TryParse(presented, out _))
        {
            return AuthenticateResult.Fail(
                "The bearer token is malformed: an API token is 'rp_', 8 hex digits, '_' and 43 base64url characters.");
        }

        var token = await tokens.AuthenticateAsync(presented, Context.RequestAborted).ConfigureAwait(false);
        if (token is null)
        {
            return AuthenticateResult.Fail("The bearer token is unknown or revoked.");
        }

        _invalidToken = false;
        return AuthenticateResult.Success(new AuthenticationTicket(ApiClaims.Principal(token), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false);
        Response.Headers.WWWAuthenticate = _invalidToken ? Realm + ", error=\"invalid_token\"" : Realm;
        await ProblemResponse.WriteAsync(
            Context,
            StatusCodes.Status401Unauthorized,
            result.Failure?.Message
                ?? "This operation needs an API token: send 'Authorization: Bearer <token>'. The program's 'tokens create' command makes one.").ConfigureAwait(false);
    }
}
