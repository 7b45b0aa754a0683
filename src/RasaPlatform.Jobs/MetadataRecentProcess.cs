using Hangfire.Server;
using Microsoft.Extensions.Options;
using RasaPlatform.Core.Metadata;

namespace RasaPlatform.Jobs;

/// <summary>
/// The live writes' lane beside <see cref="MetadataProjectionProcess"/>: while this instance's projector works a
/// backlog (an import, a rebuild), folds the conversations just queued in batches of their own
/// (<see cref="MetadataProjector.RunRecentOnceAsync"/>), looking again after
/// <see cref="JobsOptions.MetadataIntervalMilliseconds"/>.
/// </summary>
/// <remarks>
/// Without it a write that arrives during a catch-up waits for the backlog's batch in flight to be saved and is folded
/// in the next one's newest share. Both lanes share the queue through the projector's claims, as instances do.
/// </remarks>
public sealed class MetadataRecentProcess(MetadataProjector projector, IOptions<JobsOptions> options) : IBackgroundProcess
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
            // Shutdown: what was not saved stays queued, its claims released.
            return;
        }

        context.Wait(_interval);
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (await projector.RunRecentOnceAsync(cancellationToken).ConfigureAwait(false) > 0)
        {
        }
    }

    public override string ToString() => "Metadata projection of live writes";
}
