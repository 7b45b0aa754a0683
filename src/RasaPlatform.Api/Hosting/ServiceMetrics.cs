using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Authorization;
using NodaTime;
using OpenTelemetry.Metrics;
using RasaPlatform.Api.Access;
using RasaPlatform.Core.Access;
using RasaPlatform.Core.Diagnostics;
using RasaPlatform.Core.Listing;
using RasaPlatform.Core.Metadata;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Api.Hosting;

/// <summary>
/// Metrics through OpenTelemetry, scraped by Prometheus at <see cref="Path"/> with a <c>view</c> or <c>manage</c>
/// token: HTTP requests by route (ASP.NET Core's own meter), the .NET runtime, the counters of
/// <see cref="RasaMetrics"/>, and the gauges of <see cref="ServiceGauges"/>.
/// </summary>
internal static class ServiceMetrics
{
    public const string Path = "/metrics";

    public static void AddRasaMetrics(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ServiceGauges>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<ServiceGauges>());
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(RasaMetrics.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter());
    }

    /// <summary>Maps the scrape endpoint behind a token that may read (Prometheus sends it as <c>authorization: credentials</c>).</summary>
    public static void MapRasaMetrics(this WebApplication app) =>
        app.MapPrometheusScrapingEndpoint(Path).RequireAuthorization(new AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser()
            .AddRequirements(new RoleRequirement(new HashSet<ApiRole> { ApiRole.View, ApiRole.Manage }))
            .Build());
}

/// <summary>
/// The service's state as gauges: the metadata queue (backlog, failures, lag, rate, deferred maintenance) and the
/// listing index (size, time since it last read the store's changes). The store is asked every few seconds, not per
/// scrape, so that scrapes cost the store nothing.
/// </summary>
internal sealed partial class ServiceGauges : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly IMetadataStore _metadata;
    private readonly IClock _clock;
    private readonly ILogger<ServiceGauges> _logger;
    private Sample _sample = new(0, 0, null, false);

    public ServiceGauges(IMetadataStore metadata, MetadataThroughput throughput, ListingIndexHost listing, IClock clock, IMeterFactory meters, ILogger<ServiceGauges> logger)
    {
        (_metadata, _clock, _logger) = (metadata, clock, logger);
        var meter = meters.Create(RasaMetrics.MeterName);
        meter.CreateObservableGauge("rasa.metadata.pending", () => Volatile.Read(ref _sample).Pending, "{conversation}", "Conversations queued for the metadata job: the backlog.");
        meter.CreateObservableGauge("rasa.metadata.failed", () => Volatile.Read(ref _sample).Failed, "{conversation}", "Queued conversations whose fold failed at least once (retried with backoff).");
        meter.CreateObservableGauge(
            "rasa.metadata.lag",
            () => Volatile.Read(ref _sample).Oldest is { } oldest ? Math.Max(0, (_clock.GetCurrentInstant() - oldest).TotalSeconds) : 0,
            "s",
            "Time since the longest-waiting queued conversation was queued: how far the projection is behind the writes.");
        meter.CreateObservableGauge(
            "rasa.metadata.rate",
            () => throughput.Progress(Volatile.Read(ref _sample).Pending).RatePerSecond,
            "{conversation}/s",
            "Conversations this process folded per second, over the last ten seconds.");
        meter.CreateObservableGauge("rasa.metadata.maintenance_deferred", () => Volatile.Read(ref _sample).Deferred ? 1 : 0, "1", "1 while a large catch-up has set aside the store's upkeep of indexes and sums.");
        meter.CreateObservableGauge("rasa.listing.index.conversations", () => listing.Conversations ?? 0, "{conversation}", "Conversations in this instance's listing index (0 without one).");
        meter.CreateObservableGauge(
            "rasa.listing.index.age",
            () => listing.LastRead is { } read ? Math.Max(0, (_clock.GetCurrentInstant() - read).TotalSeconds) : 0,
            "s",
            "Time since the listing index last read the store's changes (listings read them first, so this is how long it has been idle).");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var pending = await _metadata.PendingCountAsync(stoppingToken).ConfigureAwait(false);
                var failed = (await _metadata.FailuresAsync(1, stoppingToken).ConfigureAwait(false)).Count;
                var oldest = await _metadata.OldestPendingAsync(stoppingToken).ConfigureAwait(false);
                var deferred = await _metadata.IsMaintenanceDeferredAsync(stoppingToken).ConfigureAwait(false);
                Volatile.Write(ref _sample, new Sample(pending, failed, oldest, deferred));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A store that fails now is asked again next time; the gauges keep their last values.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogFailed(e);
            }

            try
            {
                await Task.Delay(Interval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the metadata queue for the metrics failed; retrying.")]
    private partial void LogFailed(Exception exception);

    private sealed record Sample(long Pending, long Failed, Instant? Oldest, bool Deferred);
}
