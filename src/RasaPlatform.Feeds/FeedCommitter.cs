using System.Text;
using Microsoft.Extensions.Logging;
using NodaTime;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Feeds;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Feeds;

/// <summary>
/// Commits a feed's batches. A batch the store cannot take is tried again with backoff while the store is away; when
/// the store answers but keeps refusing the batch, its messages are committed one at a time and the ones it refuses
/// become rejects, so that no message blocks the feed and none is dropped while the store is merely unavailable.
/// </summary>
public sealed partial class FeedCommitter(IFeedStore store, IClock clock, ILogger<FeedCommitter> logger)
{
    /// <summary>Failures of one batch before its messages are tried one by one.</summary>
    private const int AttemptsBeforeSplit = 3;

    /// <summary>Commits the batch with the feed's new position; returns once it is committed.</summary>
    /// <exception cref="OperationCanceledException">The service is stopping; nothing of the batch is known to be committed.</exception>
    public async Task CommitAsync(FeedBatch batch, long? position, FeedStatus status, CancellationToken cancellationToken)
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await store.CommitAsync(batch.Writes, batch.Progress(position), cancellationToken).ConfigureAwait(false);
                status.Committed(batch.Messages, batch.Rejects.Count, result, position);
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
            {
                CommitFailed(logger, batch.Feed, batch.Messages, attempt, e);
                if (attempt >= AttemptsBeforeSplit && await StoreAnswersAsync(batch.Feed, cancellationToken).ConfigureAwait(false))
                {
                    var split = await SplitAsync(batch, status, cancellationToken).ConfigureAwait(false);
                    batch = split;
                    attempt = 0;
                    continue;
                }

                await Task.Delay(backoff.Next(), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Commits the batch's appends one at a time and returns what is left to commit: its rejects, with a reject for each
    /// append the store refused while it answered otherwise.
    /// </summary>
    private async Task<FeedBatch> SplitAsync(FeedBatch batch, FeedStatus status, CancellationToken cancellationToken)
    {
        var rest = new FeedBatch(batch.Feed);
        foreach (var reject in batch.Rejects)
        {
            rest.Reject(reject);
        }

        var none = new FeedProgress(batch.Feed, null, []);
        foreach (var write in batch.Writes)
        {
            while (true)
            {
                try
                {
                    var result = await store.CommitAsync([write], none, cancellationToken).ConfigureAwait(false);
                    status.Committed(1, 0, result, position: null);
                    break;
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
                {
                    if (await StoreAnswersAsync(batch.Feed, cancellationToken).ConfigureAwait(false))
                    {
                        rest.Reject(Refused(write, e));
                        break;
                    }

                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return rest;
    }

    /// <summary>Whether the store takes a commit of nothing: then a failing batch fails for what it holds.</summary>
    private async Task<bool> StoreAnswersAsync(string feed, CancellationToken cancellationToken)
    {
        try
        {
            await store.CommitAsync([], new FeedProgress(feed, null, []), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
        {
            return false;
        }
    }

    private FeedReject Refused(ConversationWrite write, Exception e)
    {
        var body = string.Join('\n', write.Events.Select(x => x.Json));
        var hash = ContentHash.Of(Encoding.UTF8.GetBytes(write.SenderId + "\n" + body));
        return new FeedReject("store", write.SenderId, "message", $"The store refused the event: {e.Message}", body, hash, clock.GetCurrentInstant());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feed {Feed}: committing {Messages} messages failed (attempt {Attempt}); trying again")]
    private static partial void CommitFailed(ILogger logger, string feed, int messages, int attempt, Exception exception);
}
