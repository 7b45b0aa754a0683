using Microsoft.AspNetCore.Mvc;
using RasaPlatform.Api.Generated;
using RasaPlatform.Core.Storage;
using RasaPlatform.Jobs;

namespace RasaPlatform.Api.Admin;

/// <summary>Maintenance of precomputed data: the metadata queue's state and failures, and a full rebuild as a job.</summary>
internal sealed class AdminApi(IMetadataStore metadata, MetadataRebuilds rebuilds) : IAdminController
{
    /// <summary>How many failed conversations the status lists.</summary>
    private const int ListedFailures = 100;

    public async Task<ActionResult<MetadataStatus>> GetMetadataStatusAsync(CancellationToken cancellationToken)
    {
        var pending = await metadata.PendingCountAsync(cancellationToken).ConfigureAwait(false);
        var failures = await metadata.FailuresAsync(ListedFailures, cancellationToken).ConfigureAwait(false);
        return new MetadataStatus
        {
            Pending = pending,
            Failed = failures.Count,
            Failures = [.. failures.Items.Select(Wire)],
            Rebuild = rebuilds.Latest() is { } latest ? Wire(latest) : null,
        };
    }

    public async Task<ActionResult<MetadataRebuild>> RebuildMetadataAsync(CancellationToken cancellationToken)
    {
        var id = rebuilds.Enqueue();
        var pending = await metadata.PendingCountAsync(cancellationToken).ConfigureAwait(false);
        return new AcceptedResult(location: (string?)null, new MetadataRebuild { Job_id = id, Pending = pending });
    }

    private static Generated.MetadataFailure Wire(Core.Storage.MetadataFailure failure) => new()
    {
        Sender_id = failure.SenderId,
        Attempts = failure.Attempts,
        Error = failure.Error,
        Retry_at = failure.RetryAt is { } at ? Core.Queries.TimeArgument.ToUnixSeconds(at) : null,
    };

    private static Generated.Rebuild Wire(Jobs.MetadataRebuildStatus status) => new()
    {
        Job_id = status.JobId,
        State = status.State,
        Enqueued = status.Progress?.Enqueued,
        Processed = status.Progress?.Processed,
        Pending = status.Progress?.Pending,
        Failed = status.Progress?.Failed,
    };
}
