using Microsoft.AspNetCore.Authorization;

namespace RasaPlatform.Api.Access;

/// <summary>Met when the request's token is not limited to assistants; operations over every assistant need it.</summary>
internal sealed class UnlimitedTokenRequirement : AuthorizationHandler<UnlimitedTokenRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, UnlimitedTokenRequirement requirement)
    {
        var access = ApiClaims.AccessOf(context.User);
        if (!access.IsLimited)
        {
            context.Succeed(requirement);
            return Task.CompletedTask;
        }

        context.Fail(new AuthorizationFailureReason(
            this,
            $"This operation acts on every assistant's conversations, so it needs a token without assistant limits (this token is limited to {string.Join(", ", access.Assistants)})."));
        return Task.CompletedTask;
    }
}
