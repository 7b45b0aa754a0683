using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using RasaPlatform.Api.JobsDashboard;
using RasaPlatform.Core.Access;

namespace RasaPlatform.Api.Access;

/// <summary>Authentication by API token, authorization by the contract's roles, and assistant limits per request.</summary>
public static class AccessExtensions
{
    /// <summary>Registers bearer-token authentication, the 401/403 problems and the request's <see cref="ConversationAccess"/>.</summary>
    /// <remarks>
    /// Endpoints without an access rule of their own (an unknown path, say) need a token too: the fallback policy.
    /// </remarks>
    public static IServiceCollection AddRasaAccess(this IServiceCollection services)
    {
        services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, configureOptions: null)
            .AddJobsDashboardCookie();
        // No fallback policy: every endpoint states its own access (the contract's roles, or anonymous; a test holds
        // them to it), so a path that is no endpoint is a 404 problem, not a 401.
        services.AddAuthorization();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        services.AddHttpContextAccessor();
        services.AddScoped(provider => ApiClaims.AccessOf(provider.GetRequiredService<IHttpContextAccessor>().HttpContext?.User));
        services.AddScoped<ConversationAccess>();
        return services;
    }
}
