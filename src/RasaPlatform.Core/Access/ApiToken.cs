using NodaTime;

namespace RasaPlatform.Core.Access;

/// <summary>An API token as stored: everything but the secret, which is kept only as a hash.</summary>
/// <param name="Id">The public id: 8 lower-case hex digits, also written inside the token itself
/// (<see cref="ApiTokenFormat"/>), so that a token in hand can be revoked by it. Unique.</param>
/// <param name="Name">What the token is for, as its creator described it; may be empty.</param>
/// <param name="Role">What the token may do.</param>
/// <param name="Assistants">The assistants whose conversations the token may reach, sorted ordinally and distinct;
/// empty for every assistant.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="RevokedAt">When it was revoked; null while it is active.</param>
public sealed record ApiToken(string Id, string Name, ApiRole Role, IReadOnlyList<string> Assistants, Instant CreatedAt, Instant? RevokedAt)
{
    /// <summary>Whether the token still authenticates.</summary>
    public bool IsActive => RevokedAt is null;

    /// <summary>The assistants the token reaches.</summary>
    public AssistantAccess Access => Assistants.Count == 0 ? AssistantAccess.All : AssistantAccess.Only(Assistants);
}
