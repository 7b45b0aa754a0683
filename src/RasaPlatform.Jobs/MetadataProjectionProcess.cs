using Microsoft.Extensions.Options;
using RasaPlatform.Core.Metadata;

namespace RasaPlatform.Jobs;

/// <summary>The incremental metadata projection: works through the metadata queue with <see cref="MetadataProjector.RunOnceAsync"/>.</summary>
public sealed class MetadataProjectionProcess(MetadataProjector projector, IOptions<JobsOptions> options) : MetadataQueueProcess(options)
{
    protected override Task<int> RunOnceAsync(CancellationToken cancellationToken) => projector.RunOnceAsync(cancellationToken);

    public override string ToString() => "Metadata projection";
}
