using Hangfire;
using RasaPlatform.Core.Listing;

namespace RasaPlatform.Jobs;

/// <summary>Housekeeping, every minute: forgets listing changes older than the retention (<c>Listing:Index:ChangeRetentionMinutes</c>).</summary>
/// <remarks>Idempotent and harmless to run on several instances at once.</remarks>
public sealed class ListingChangesPruneJob(ListingIndexHost listing)
{
    /// <summary>The recurring job's id.</summary>
    public const string Id = "listing-changes-prune";

    [AutomaticRetry(Attempts = 0, LogEvents = true)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [JobDisplayName("Forget old listing changes")]
    public Task RunAsync(CancellationToken cancellationToken) => listing.PruneAsync(cancellationToken);
}
