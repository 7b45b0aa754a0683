using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using RasaPlatform.Api.Generated;
using RasaPlatform.Api.Http;
using RasaPlatform.Core.Feeds;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Api.Service;

/// <summary>Version and health.</summary>
internal sealed partial class ServiceApi(IConversationStore store, FeedMonitor feeds, IHttpContextAccessor http, ILogger<ServiceApi> logger) : IServiceController
{
    private static readonly string Version =
        typeof(ServiceApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    public Task<ActionResult<VersionInfo>> GetVersionAsync(CancellationToken cancellationToken) =>
        Task.FromResult<ActionResult<VersionInfo>>(new VersionInfo { Version = Version, Api_version = OpenApiDocument.Version });

    /// <remarks>Authentication has run (the operation needs a token), so a missing description cannot happen here.</remarks>
    public Task<ActionResult<TokenInfo>> GetTokenAsync(CancellationToken cancellationToken) =>
        Task.FromResult<ActionResult<TokenInfo>>(
            Access.ApiClaims.Describe(http.HttpContext?.User) ?? throw new InvalidOperationException("GET /token ran without an authenticated token."));

    public Task<ActionResult<HealthStatus>> GetLivenessAsync(CancellationToken cancellationToken) =>
        Task.FromResult<ActionResult<HealthStatus>>(new HealthStatus { Status = "ok", Feeds = [] });

    public async Task<ActionResult<HealthStatus>> GetReadinessAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.FindAsync("readiness-probe", cancellationToken).ConfigureAwait(false);

            // A feed that lost its source degrades the service without making it unready: the API still serves.
            var running = feeds.Feeds;
            var degraded = running.Any(f => f.State == FeedState.Reconnecting);
            return new HealthStatus
            {
                Status = degraded ? "degraded" : "ok",
                Feeds = [.. running.Select(f => new FeedHealth { Name = f.Name, State = FeedStates.Name(f.State) })],
            };
        }
#pragma warning disable CA1031 // Any failure of the store means "not ready"; it is logged and answered with 503.
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            StoreUnavailable(logger, exception);
            return Problems.Problem(StatusCodes.Status503ServiceUnavailable, "Service Unavailable", "The store does not answer.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Readiness check: the store does not answer")]
    private static partial void StoreUnavailable(ILogger logger, Exception exception);
}
