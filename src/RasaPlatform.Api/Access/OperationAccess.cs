using RasaPlatform.Core.Access;

namespace RasaPlatform.Api.Access;

/// <summary>Who may call an operation, as <c>spec/openapi.yaml</c> declares it.</summary>
/// <param name="Roles">The roles whose tokens may call it (<c>x-rasaplatform-roles</c>); null when the operation
/// needs no token (<c>security: []</c>).</param>
/// <param name="LimitedTokens">What it does with a token limited to assistants.</param>
internal sealed record OperationAccess(IReadOnlySet<ApiRole>? Roles, LimitedTokens LimitedTokens)
{
    /// <summary>Whether the operation answers without a token.</summary>
    public bool IsAnonymous => Roles is null;
}
