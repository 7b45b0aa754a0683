using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using RasaPlatform.Core.Feeds;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Feeds.SqlEventBroker;

/// <summary>
/// Tails Rasa's SQL event broker table: reads the rows after the position its last commit recorded, commits their
/// events with the new position in one transaction, and polls again. A restart resumes exactly there; Rasa's rows are
/// never deleted (Rasa X deleted what it had read).
/// </summary>
public sealed partial class SqlEventBrokerFeed(
    IRasaEventBrokerSource source,
    IOptions<SqlEventBrokerFeedOptions> options,
    IFeedStore feeds,
    FeedCommitter committer,
    FeedMonitor monitor,
    IClock clock,
    ILogger<SqlEventBrokerFeed> logger) : BackgroundService
{
    /// <summary>The feed's name: its status, position and rejects.</summary>
    public const string FeedName = "sql-event-broker";

    /// <summary>How often, while rows keep coming, the rows after the position are counted for the status.</summary>
    private static readonly TimeSpan LagInterval = TimeSpan.FromSeconds(2);

    private readonly FeedStatus _status = monitor.Register(FeedName, "sql-event-broker");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var backoff = new Backoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));
        long? position = null;
        long? lagCountedAt = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                position ??= await feeds.PositionAsync(FeedName, stoppingToken).ConfigureAwait(false) ?? 0;
                var rows = await source.ReadAfterAsync(position.Value, settings.BatchSize, stoppingToken).ConfigureAwait(false);
                if (_status.State != FeedState.Connected)
                {
                    _status.Connected();
                    Connected(logger, source.Name, position.Value);
                }

                backoff.Reset();
                if (rows.Count == 0)
                {
                    _status.SetLag(0);
                    await Task.Delay(settings.PollInterval, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                var batch = new FeedBatch(FeedName);
                var receivedAt = clock.GetCurrentInstant();
                foreach (var row in rows)
                {
                    batch.Add(Encoding.UTF8.GetBytes(row.Data ?? string.Empty), string.Create(CultureInfo.InvariantCulture, $"row {row.Id}"), receivedAt);
                }

                var last = rows[^1].Id;
                await committer.CommitAsync(batch, last, _status, stoppingToken).ConfigureAwait(false);
                position = last;
                if (lagCountedAt is not { } counted || Stopwatch.GetElapsedTime(counted) >= LagInterval)
                {
                    _status.SetLag(await source.LatestIdAsync(stoppingToken).ConfigureAwait(false) is { } latest ? Math.Max(0, latest - last) : 0);
                    lagCountedAt = Stopwatch.GetTimestamp();
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                _status.Reconnecting(e.Message);
                SourceFailed(logger, source.Name, e.Message);
                try
                {
                    await Task.Delay(backoff.Next(), stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        _status.Stopped();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SQL event broker feed: reading {Source} after row {Position}")]
    private static partial void Connected(ILogger logger, string source, long position);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQL event broker feed: reading {Source} failed ({Reason}); trying again")]
    private static partial void SourceFailed(ILogger logger, string source, string reason);
}
