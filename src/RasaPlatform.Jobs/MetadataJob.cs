using Quartz;
using RasaPlatform.Core.Metadata;

namespace RasaPlatform.Jobs;

/// <summary>Works through the metadata queue with <see cref="MetadataProjector"/> until it is empty.</summary>
/// <remarks>
/// Built in a dependency injection scope of its own for each firing. Non-overlapping within an instance by
/// <see cref="DisallowConcurrentExecutionAttribute"/>, across instances by the projector's lease.
/// </remarks>
[DisallowConcurrentExecution]
public sealed class MetadataJob(MetadataProjector projector) : IJob
{
    /// <summary>The job's and its trigger's key.</summary>
    public const string Name = "metadata";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            int processed;
            do
            {
                processed = await projector.RunOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            while (processed > 0);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown, not a failure: what was not saved stays queued for the next start.
        }
    }
}
