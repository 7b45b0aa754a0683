using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using RasaPlatform.Core.Conversations;
using RasaPlatform.Core.Metadata;

namespace RasaPlatform.Core;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers Core's services; a store adapter must register <see cref="Storage.IConversationStore"/>,
    /// <see cref="Storage.IFlagStore"/>, <see cref="Storage.ILeaseStore"/> and <see cref="Storage.IMetadataStore"/>.
    /// </summary>
    public static IServiceCollection AddRasaCore(this IServiceCollection services)
    {
        services.AddSingleton<IClock>(SystemClock.Instance);
        services.AddSingleton<ConversationService>();
        services.AddSingleton<Dumps.DebugDumpService>();
        services.AddSingleton<Analytics.AnalyticsService>();
        services.AddOptions<MetadataProjectorOptions>();
        services.AddSingleton<MetadataProjector>();
        return services;
    }
}
