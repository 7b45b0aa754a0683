using Microsoft.AspNetCore.Mvc;
using RasaPlatform.Api.Generated;
using RasaPlatform.Api.Http;
using RasaPlatform.Core.Feeds;
using RasaPlatform.Core.Metadata;
using RasaPlatform.Core.Storage;
using RasaPlatform.Jobs;

namespace RasaPlatform.Api.Admin;

/// <summary>
/// Maintenance: the metadata queue's state and failures, a full rebuild as a job, and the feeds from a running Rasa with
/// the messages they rejected.
/// </summary>
internal sealed class AdminApi(
    IMetadataStore metadata,
    MetadataRebuilds rebuilds,
    MetadataThroughput throughput,
    FeedMonitor monitor,
    IFeedStore feeds) : IAdminController
{
    /// <summary>How many failed conversations the status lists.</summary>
    private const int ListedFailures = 100;

    /// <summary>The most rejected messages one request lists.</summary>
    private const int MaxRejects = 1000;

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
            Catch_up = Wire(throughput.Progress(pending)),
            Maintenance_deferred = await metadata.IsMaintenanceDeferredAsync(cancellationToken).ConfigureAwait(false),
        };
    }

    public async Task<ActionResult<MetadataRebuild>> RebuildMetadataAsync(CancellationToken cancellationToken)
    {
        var id = rebuilds.Enqueue();
        var pending = await metadata.PendingCountAsync(cancellationToken).ConfigureAwait(false);
        return new AcceptedResult(location: (string?)null, new MetadataRebuild { Job_id = id, Pending = pending });
    }

    public async Task<ActionResult<FeedsStatus>> GetFeedsAsync(CancellationToken cancellationToken)
    {
        var stored = await feeds.RejectCountsAsync(cancellationToken).ConfigureAwait(false);
        return new FeedsStatus { Feeds = [.. monitor.Feeds.Select(f => Wire(f, stored.GetValueOrDefault(f.Name)))] };
    }

    public async Task<ActionResult<FeedRejects>> GetFeedRejectsAsync(string? feed, int limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxRejects)
        {
            return Problems.Invalid(nameof(limit), $"'limit' must be between 1 and {MaxRejects}.");
        }

        if (feed is not null && feed.Any(char.IsControl))
        {
            return Problems.Invalid(nameof(feed), "'feed' names a feed (such as rabbitmq:rasa_core_events); it holds no control characters.");
        }

        var rejects = await feeds.RejectsAsync(feed, limit, cancellationToken).ConfigureAwait(false);
        return new FeedRejects { Rejects = [.. rejects.Select(Wire)] };
    }

    private static Generated.FeedStatus Wire(Core.Feeds.FeedStatus feed, long rejectedStored) => new()
    {
        Name = feed.Name,
        Kind = feed.Kind,
        State = FeedStates.Name(feed.State),
        Since = Seconds(feed.Since),
        Last_error = feed.LastError,
        Lag = feed.Lag,
        Position = feed.Position,
        Messages = feed.Messages,
        Events_stored = feed.EventsStored,
        Duplicates = feed.Duplicates,
        Rejected = feed.Rejected,
        Rejected_stored = rejectedStored,
        Events_per_second = feed.EventsPerSecond,
        Last_commit = feed.LastCommit is { } at ? Seconds(at) : null,
    };

    private static Generated.FeedReject Wire(StoredFeedReject stored) => new()
    {
        Feed = stored.Feed,
        Source = stored.Reject.Source,
        Sender_id = stored.Reject.SenderId,
        Field = stored.Reject.Field,
        Reason = stored.Reject.Reason,
        Body = stored.Reject.Body,
        Received_at = Seconds(stored.Reject.ReceivedAt),
    };

    private static double Seconds(NodaTime.Instant at) => Core.Queries.TimeArgument.ToUnixSeconds(at);

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
        Rate_per_second = status.Progress?.RatePerSecond,
        Eta_seconds = status.Progress?.EstimatedSecondsLeft,
    };

    private static MetadataCatchUp Wire(MetadataProgress progress) => new()
    {
        Catching_up = progress.CatchingUp,
        Done = progress.Done,
        Pending = progress.Pending,
        Total = progress.Total,
        Rate_per_second = progress.RatePerSecond,
        Eta_seconds = progress.EstimatedSecondsLeft,
        Since = progress.Since is { } since ? Core.Queries.TimeArgument.ToUnixSeconds(since) : null,
        Ended = progress.Ended is { } ended ? Core.Queries.TimeArgument.ToUnixSeconds(ended) : null,
    };
}
