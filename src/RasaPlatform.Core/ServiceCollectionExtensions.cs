using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using RasaPlatform.Core.Assistants;
using RasaPlatform.Core.Conversations;
using RasaPlatform.Core.Metadata;

namespace RasaPlatform.Core;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers Core's services; a store adapter must register <see cref="Storage.IConversationStore"/>,
    /// <see cref="Storage.IFlagStore"/>, <see cref="Storage.IIntentCorrectionStore"/>, <see cref="Storage.IMetadataStore"/>,
    /// <see cref="Storage.ITagStore"/>, <see cref="Storage.IListingFeed"/>, <see cref="Storage.IApiTokenStore"/> and <see cref="Storage.IConversationAssistants"/>.
    /// </summary>
    /// <remarks>
    /// <see cref="Access.ConversationAccess"/> is not registered here: it serves one request, whose
    /// <see cref="Access.AssistantAccess"/> only the host knows.
    /// </remarks>
    public static IServiceCollection AddRasaCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AssistantOptions>()
            .Bind(configuration.GetSection(AssistantOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Default) && o.Default.Length <= AssistantOptions.MaxNameLength, "Assistants:Default must be a non-empty name of at most 200 characters.")
            .ValidateOnStart();
        services.AddSingleton<IClock>(SystemClock.Instance);
        services.AddSingleton<ConversationService>();
        services.AddSingleton<Assistants.ConversationAssistant>();
        services.AddSingleton<Dumps.DebugDumpService>();
        services.AddSingleton<Analytics.AnalyticsService>();
        services.AddOptions<MetadataProjectorOptions>()
            .Configure(o =>
            {
                var section = configuration.GetSection(MetadataProjectorOptions.Section);
                o.MaximumBatchSize = section.GetValue(nameof(o.MaximumBatchSize), o.MaximumBatchSize);
                o.TargetBatchDuration = NodaTime.Duration.FromMilliseconds(
                    section.GetValue("TargetBatchMilliseconds", o.TargetBatchDuration.TotalMilliseconds));
                o.DeferMaintenanceBacklog = section.GetValue(nameof(o.DeferMaintenanceBacklog), o.DeferMaintenanceBacklog);
            })
            .Validate(o => o.MaximumBatchSize >= o.BatchSize && o.TargetBatchDuration > NodaTime.Duration.Zero, "Metadata:MaximumBatchSize must be at least 100 and Metadata:TargetBatchMilliseconds positive.")
            .Validate(o => o.DeferMaintenanceBacklog >= 0, "Metadata:DeferMaintenanceBacklog must be 0 (never) or a number of conversations.")
            .ValidateOnStart();
        services.AddSingleton<MetadataThroughput>();
        services.AddSingleton(provider => new Markers.MarkerDefinitions(provider.GetService<Storage.IMarkerStore>()));
        services.AddSingleton<MetadataProjector>();
        services.AddSingleton<Access.ApiTokenService>();
        services.AddSingleton<Tags.TagService>();
        services.AddOptions<Listing.ListingIndexOptions>()
            .Bind(configuration.GetSection(Listing.ListingIndexOptions.Section))
            .Validate(o => o.RefreshMilliseconds > 0 && o.ChangeRetentionMinutes > 0, "Listing:Index:RefreshMilliseconds and ChangeRetentionMinutes must be positive.")
            .ValidateOnStart();
        services.AddSingleton<Listing.ListingIndexHost>();
        services.AddOptions<Listing.ListingOptions>()
            .Bind(configuration.GetSection(Listing.ListingOptions.Section))
            .Validate(o => o.SessionExpirationMinutes > 0, "Listing:SessionExpirationMinutes must be positive.")
            .ValidateOnStart();
        return services;
    }
}
