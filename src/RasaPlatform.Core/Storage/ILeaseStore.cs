using NodaTime;

namespace RasaPlatform.Core.Storage;

/// <summary>Named, expiring claims on exclusive work, shared by every instance that uses the same store.</summary>
/// <remarks>
/// A lease is held by one owner from the moment it is acquired until its expiry (exclusive) or its release, whichever
/// comes first. Expiry is measured with the store's <see cref="IClock"/>, so owners on several machines must agree on
/// the time to within a small fraction of the TTL. A holder that works longer than its TTL must renew in time, or
/// another owner may take the lease over.
/// </remarks>
public interface ILeaseStore
{
    /// <summary>Claims the lease <paramref name="name"/> for <paramref name="owner"/> for <paramref name="ttl"/>.</summary>
    /// <param name="name">The work being claimed, e.g. a job's name. Non-empty.</param>
    /// <param name="owner">Who claims it: unique per claiming process or job run. Non-empty.</param>
    /// <param name="ttl">How long the claim lasts from now; positive, stored at millisecond resolution.</param>
    /// <param name="cancellationToken">Cancels the claim; then nothing changes.</param>
    /// <returns>
    /// <see langword="true"/> when the lease was free, had expired, or was already held by <paramref name="owner"/>; the
    /// lease is then held by <paramref name="owner"/> until now plus <paramref name="ttl"/> (a holder renews by calling
    /// again). <see langword="false"/> when another owner holds an unexpired lease; then nothing changes.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ttl"/> is not positive.</exception>
    Task<bool> TryAcquireAsync(string name, string owner, Duration ttl, CancellationToken cancellationToken);

    /// <summary>Gives up the lease if <paramref name="owner"/> holds it; otherwise does nothing.</summary>
    /// <remarks>Idempotent: releasing a lease that is free, expired or held by someone else changes nothing.</remarks>
    Task ReleaseAsync(string name, string owner, CancellationToken cancellationToken);
}
