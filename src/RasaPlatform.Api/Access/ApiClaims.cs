using System.Security.Claims;
using RasaPlatform.Core.Access;

namespace RasaPlatform.Api.Access;

/// <summary>How an authenticated token is carried in a request's <see cref="ClaimsPrincipal"/>.</summary>
internal static class ApiClaims
{
    public const string TokenId = "rasaplatform:token";
    public const string Role = "rasaplatform:role";
    public const string Limited = "rasaplatform:limited";
    public const string Assistant = "rasaplatform:assistant";

    /// <summary>The principal of a request that sent <paramref name="token"/>.</summary>
    public static ClaimsPrincipal Principal(ApiToken token)
    {
        var claims = new List<Claim>
        {
            new(TokenId, token.Id),
            new(ClaimTypes.Name, token.Name),
            new(Role, token.Role.Name()),
            new(Limited, token.Access.IsLimited ? "true" : "false"),
        };
        claims.AddRange(token.Assistants.Select(a => new Claim(Assistant, a)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, BearerTokenHandler.SchemeName, ClaimTypes.Name, Role));
    }

    /// <summary>The token's role, or null when the request did not authenticate with a token.</summary>
    public static ApiRole? RoleOf(ClaimsPrincipal? user) =>
        Authenticated(user) && ApiRoles.TryParse(user!.FindFirst(Role)?.Value, out var role) ? role : null;

    /// <summary>The assistants the request may reach: none at all without a token, so nothing is reached by omission.</summary>
    public static AssistantAccess AccessOf(ClaimsPrincipal? user) =>
        !Authenticated(user) ? AssistantAccess.None
        : user!.FindFirst(Limited)?.Value == "false" ? AssistantAccess.All
        : AssistantAccess.Only(user.FindAll(Assistant).Select(c => c.Value));

    /// <summary>The token the request sent, as <c>GET /token</c> describes it; null without a token.</summary>
    public static Generated.TokenInfo? Describe(ClaimsPrincipal? user)
    {
        if (RoleOf(user) is not { } role)
        {
            return null;
        }

        var access = AccessOf(user);
        return new Generated.TokenInfo
        {
            Id = user!.FindFirst(TokenId)?.Value ?? string.Empty,
            Name = user.FindFirst(ClaimTypes.Name)?.Value ?? string.Empty,
            Role = role.Name(),
            Limited = access.IsLimited,
            Assistants = [.. access.Assistants],
        };
    }

    private static bool Authenticated(ClaimsPrincipal? user) =>
        user?.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == BearerTokenHandler.SchemeName) == true;
}
