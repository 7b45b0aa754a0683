using Microsoft.AspNetCore.Authorization;

namespace RasaPlatform.Api.Access;

/// <summary>Met when the request's token is not limited to assistants; operations over every assistant need it.</summary>
internal sealed class UnlimitedTokenRequirement(LimitedTokens rule) : AuthorizationHandler<UnlimitedTokenRequirement>, IAuthorizationRequirement
{
    public LimitedTokens Rule => rule;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, UnlimitedTokenRequirement requirement)
    {
        var access = ApiClaims.AccessOf(context.User);
        if (!access.IsLimited)
        {
            context.Succeed(requirement);
            return Task.CompletedTask;
        }

        var limits = $"this token is limited to {string.Join(", ", access.Assistants)}";
        context.Fail(new AuthorizationFailureReason(this, rule == LimitedTokens.NotYet
            ? $"This operation is not yet available to tokens limited to assistants ({limits}): it answers over every assistant's "
              + "conversations and cannot yet keep to some. Use a token without assistant limits."
            : $"This operation acts on every assistant's conversations, so it needs a token without assistant limits ({limits})."));
        return Task.CompletedTask;
    }
}
