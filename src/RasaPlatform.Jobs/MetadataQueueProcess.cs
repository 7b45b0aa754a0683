using Hangfire.Server;
using Microsoft.Extensions.Options;

namespace RasaPlatform.Jobs;

/// <summary>
/// A lane of the metadata projection, as a process of this instance's Hangfire server: runs its projector's work until
/// nothing is left to claim, then looks again after <see cref="JobsOptions.MetadataIntervalMilliseconds"/>.
/// </summary>
/// <remarks>
/// Every server runs each lane; they share the queue through the projector's per-conversation claims, so no instance
/// or lane waits for another, and one that dies holds up only the conversations it had claimed, for at most the
/// claim's TTL. The durable state is the store's queue: a crash loses and doubles nothing. Hangfire calls
/// <see cref="Execute"/> again and again until the server stops, and after an exception waits and calls it again.
/// </remarks>
public abstract class MetadataQueueProcess(IOptions<JobsOptions> options) : IBackgroundProcess
{
    private readonly TimeSpan _interval = TimeSpan.FromMilliseconds(options.Value.MetadataIntervalMilliseconds);

    public void Execute(BackgroundProcessContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            // A dedicated thread of Hangfire's: blocking it on the async work is what it is for.
            DrainAsync(context.StoppingToken).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (context.IsStopping)
        {
            // Shutdown, not a failure: what was not saved stays queued, its claims released, for the next start.
            return;
        }

        context.Wait(_interval);
    }

    /// <summary>One run of the lane's work; how many conversations it handled, 0 when it found none.</summary>
    protected abstract Task<int> RunOnceAsync(CancellationToken cancellationToken);

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (await RunOnceAsync(cancellationToken).ConfigureAwait(false) > 0)
        {
        }
    }
}
