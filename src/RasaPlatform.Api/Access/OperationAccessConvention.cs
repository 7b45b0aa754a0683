using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace RasaPlatform.Api.Access;

/// <summary>Gives every controller action the access its operation declares in the contract.</summary>
/// <remarks>
/// Actions are generated from <c>spec/openapi.yaml</c>, one per <c>operationId</c> (<c>{Controller}_{Action}</c>), so
/// the contract that documents who may call an operation is the one the service enforces. An action without an
/// operation stops the service from starting rather than being served unprotected.
/// </remarks>
internal sealed class OperationAccessConvention(IReadOnlyDictionary<string, OperationAccess> operations) : IActionModelConvention
{
    public void Apply(ActionModel action)
    {
        var id = $"{action.Controller.ControllerName}_{action.ActionName}";
        if (!operations.TryGetValue(id, out var access))
        {
            throw new InvalidOperationException($"The action {id} has no operation in spec/openapi.yaml, so nobody could say who may call it.");
        }

        object metadata = access.Roles is null ? new AllowAnonymousAttribute() : Policy(access.Roles, access.LimitedTokens);
        foreach (var selector in action.Selectors)
        {
            selector.EndpointMetadata.Add(metadata);
        }
    }

    private static AuthorizationPolicy Policy(IReadOnlySet<Core.Access.ApiRole> roles, LimitedTokens limitedTokens)
    {
        var policy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new RoleRequirement(roles));
        if (limitedTokens != LimitedTokens.Served)
        {
            policy.AddRequirements(new UnlimitedTokenRequirement());
        }

        return policy.Build();
    }
}
