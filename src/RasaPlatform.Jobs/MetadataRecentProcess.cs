using Microsoft.Extensions.Options;
using RasaPlatform.Core.Metadata;

namespace RasaPlatform.Jobs;

/// <summary>
/// The live writes' lane beside <see cref="MetadataProjectionProcess"/>: while this instance's projector works a
/// backlog (an import, a rebuild), folds the conversations just queued in batches of their own
/// (<see cref="MetadataProjector.RunRecentOnceAsync"/>).
/// </summary>
/// <remarks>
/// Without it a write that arrives during a catch-up waits for the backlog's batch in flight to be saved and is folded
/// in the next one's newest share.
/// </remarks>
public sealed class MetadataRecentProcess(MetadataProjector projector, IOptions<JobsOptions> options) : MetadataQueueProcess(options)
{
    protected override Task<int> RunOnceAsync(CancellationToken cancellationToken) => projector.RunRecentOnceAsync(cancellationToken);

    public override string ToString() => "Metadata projection of live writes";
}
