using Microsoft.AspNetCore.Mvc;
using RasaPlatform.Api.Generated;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Api.Admin;

/// <summary>Maintenance of precomputed data: the metadata queue's state, and a full rebuild through the job.</summary>
internal sealed class AdminApi(IMetadataStore metadata) : IAdminController
{
    public async Task<ActionResult<MetadataStatus>> GetMetadataStatusAsync(CancellationToken cancellationToken) =>
        new MetadataStatus { Pending = await metadata.PendingCountAsync(cancellationToken).ConfigureAwait(false) };

    public async Task<ActionResult<MetadataRebuild>> RebuildMetadataAsync(CancellationToken cancellationToken)
    {
        var queued = await metadata.EnqueueAllAsync(cancellationToken).ConfigureAwait(false);
        var pending = await metadata.PendingCountAsync(cancellationToken).ConfigureAwait(false);
        return new AcceptedResult(location: (string?)null, new MetadataRebuild { Queued = queued, Pending = pending });
    }
}
