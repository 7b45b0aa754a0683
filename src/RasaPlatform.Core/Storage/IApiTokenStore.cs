using NodaTime;
using RasaPlatform.Core.Access;

namespace RasaPlatform.Core.Storage;

/// <summary>API tokens: their records and the hashes of their secrets, never the secrets themselves.</summary>
/// <remarks>
/// A token is found by the hash of the whole token (<see cref="ApiTokenFormat.Hash"/>), so the store never sees what a
/// client sends. Revocation is permanent and takes effect for the next request of every instance sharing the store.
/// </remarks>
public interface IApiTokenStore
{
    /// <summary>Stores a new token.</summary>
    /// <param name="token">The record; <see cref="ApiToken.RevokedAt"/> is ignored (a new token is active).</param>
    /// <param name="hash">The hash of the whole token, 64 lower-case hex digits.</param>
    /// <param name="cancellationToken">Cancels before the token is stored; then nothing changes.</param>
    /// <returns>
    /// <see langword="true"/> once the token is durable; <see langword="false"/> when its id or hash is taken, and
    /// then nothing changes (the caller draws another id).
    /// </returns>
    Task<bool> TryCreateAsync(ApiToken token, string hash, CancellationToken cancellationToken);

    /// <summary>The active (not revoked) token with this hash, or <see langword="null"/>.</summary>
    Task<ApiToken?> FindActiveAsync(string hash, CancellationToken cancellationToken);

    /// <summary>Every token, revoked ones included, oldest first (ties by id).</summary>
    Task<IReadOnlyList<ApiToken>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Revokes the token with public id <paramref name="id"/> as of <paramref name="at"/>.</summary>
    /// <returns>
    /// The token as stored afterwards, or <see langword="null"/> when no token has that id. Idempotent: revoking a
    /// revoked token keeps its first revocation time.
    /// </returns>
    Task<ApiToken?> RevokeAsync(string id, Instant at, CancellationToken cancellationToken);
}
