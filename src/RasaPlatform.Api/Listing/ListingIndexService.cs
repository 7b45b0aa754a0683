using Microsoft.Extensions.Options;
using NodaTime;
using RasaPlatform.Core.Listing;

namespace RasaPlatform.Api.Listing;

/// <summary>
/// Loads this instance's listing index at startup, reads the store's changes while listings are idle, and reloads the
/// index when it was dropped. (The store's record of changes is pruned by a recurring job, <c>listing-changes-prune</c>.)
/// </summary>
/// <remarks>
/// A failed read is logged and retried at the next interval; meanwhile listings read the changes themselves, or fall
/// back to the store's SQL while there is no index.
/// </remarks>
internal sealed partial class ListingIndexService(
    ListingIndexHost host,
    IOptions<ListingIndexOptions> options,
    IClock clock,
    ILogger<ListingIndexService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!host.Enabled)
        {
            return;
        }

        var interval = TimeSpan.FromMilliseconds(options.Value.RefreshMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(stoppingToken).ConfigureAwait(false);

                await Task.Delay(interval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The loop must outlive any failure of the store; it is logged and retried.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogFailed(e);
                await Task.Delay(interval, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (host.Loaded)
        {
            await host.CurrentAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        var started = clock.GetCurrentInstant();
        await host.LoadAsync(cancellationToken).ConfigureAwait(false);
        var elapsed = clock.GetCurrentInstant() - started;
        LogLoaded(elapsed);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listing index loaded in {Elapsed}.")]
    private partial void LogLoaded(Duration elapsed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listing index refresh failed; retrying.")]
    private partial void LogFailed(Exception exception);
}
