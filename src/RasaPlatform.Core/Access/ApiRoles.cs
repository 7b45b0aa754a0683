using System.Diagnostics.CodeAnalysis;

namespace RasaPlatform.Core.Access;

/// <summary>The wire names of <see cref="ApiRole"/>: <c>view</c>, <c>ingest</c>, <c>manage</c>.</summary>
public static class ApiRoles
{
    /// <summary>Every role, in the order of <see cref="ApiRole"/>.</summary>
    public static IReadOnlyList<ApiRole> All { get; } = [ApiRole.View, ApiRole.Ingest, ApiRole.Manage];

    /// <summary>The role's wire name.</summary>
    public static string Name(this ApiRole role) => role switch
    {
        ApiRole.View => "view",
        ApiRole.Ingest => "ingest",
        ApiRole.Manage => "manage",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Not a role."),
    };

    /// <summary>Reads a wire name, exactly as written (lower case).</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out ApiRole? role)
    {
        role = name switch
        {
            "view" => ApiRole.View,
            "ingest" => ApiRole.Ingest,
            "manage" => ApiRole.Manage,
            _ => null,
        };
        return role is not null;
    }
}
