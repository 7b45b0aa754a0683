using Microsoft.AspNetCore.Authorization;
using RasaPlatform.Core.Access;

namespace RasaPlatform.Api.Access;

/// <summary>Met when the request's token has one of the operation's roles.</summary>
internal sealed class RoleRequirement(IReadOnlySet<ApiRole> roles) : AuthorizationHandler<RoleRequirement>, IAuthorizationRequirement
{
    public IReadOnlySet<ApiRole> Roles => roles;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RoleRequirement requirement)
    {
        if (ApiClaims.RoleOf(context.User) is { } role)
        {
            if (roles.Contains(role))
            {
                context.Succeed(requirement);
            }
            else
            {
                var allowed = string.Join(" or ", ApiRoles.All.Where(roles.Contains).Select(r => r.Name()));
                context.Fail(new AuthorizationFailureReason(this, $"This operation needs a token with role {allowed}; this token's role is {role.Name()}."));
            }
        }

        return Task.CompletedTask;
    }
}
