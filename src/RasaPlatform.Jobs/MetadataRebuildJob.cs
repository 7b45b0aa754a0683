using Hangfire;
using Hangfire.Server;
using RasaPlatform.Core.Metadata;

namespace RasaPlatform.Jobs;

/// <summary>The full metadata rebuild as a Hangfire job: queues every conversation and works the queue, reporting progress.</summary>
/// <remarks>
/// Progress goes to the job's <see cref="ProgressParameter"/> parameter (at most once per <see cref="MetadataProjector.ProgressInterval"/>), which the dashboard
/// shows with the job and <see cref="MetadataRebuilds"/> reads. The queue it fills is the store's, so a crash mid-run
/// loses nothing: every server's projection finishes the work, and a retry of the job only queues again.
/// </remarks>
public sealed class MetadataRebuildJob(MetadataProjector projector)
{
    /// <summary>The job parameter holding the latest <see cref="MetadataRebuildResult"/>, serialized by Hangfire.</summary>
    public const string ProgressParameter = "progress";

    /// <param name="context">Hangfire's, given when it performs the job; <see langword="null"/> when enqueued.</param>
    /// <param name="cancellationToken">Hangfire's, cancelled when the server stops.</param>
    [AutomaticRetry(Attempts = 3)]
    [JobDisplayName("Rebuild every conversation's metadata")]
    public async Task RunAsync(PerformContext? context, CancellationToken cancellationToken)
    {
        var final = await projector.RebuildAsync(result => context?.SetJobParameter(ProgressParameter, result), cancellationToken).ConfigureAwait(false);
        context?.SetJobParameter(ProgressParameter, final);
    }
}
