using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace RasaPlatform.Api.Access;

/// <summary>Answers a token that may not call an operation with a 403 problem saying why; challenges as usual.</summary>
internal sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
            return;
        }

        var reasons = authorizeResult.AuthorizationFailure?.FailureReasons.Select(r => r.Message).ToList() ?? [];
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"RasaPlatform\", error=\"insufficient_scope\"";
        await ProblemResponse.WriteAsync(
            context,
            StatusCodes.Status403Forbidden,
            reasons.Count > 0 ? string.Join(" ", reasons) : "This token may not call this operation.").ConfigureAwait(false);
    }
}
