using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using RasaPlatform.Core.Conversations;
using RasaPlatform.Core.Metadata;

namespace RasaPlatform.Core;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers Core's services; a store adapter must register <see cref="Storage.IConversationStore"/>,
    /// <see cref="Storage.IFlagStore"/>, <see cref="Storage.ILeaseStore"/>, <see cref="Storage.IMetadataStore"/>,
    /// <see cref="Storage.IApiTokenStore"/> and <see cref="Storage.IConversationAssistants"/>.
    /// </summary>
    /// <remarks>
    /// <see cref="Access.ConversationAccess"/> is not registered here: it serves one request, whose
    /// <see cref="Access.AssistantAccess"/> only the host knows.
    /// </remarks>
    public static IServiceCollection AddRasaCore(this IServiceCollection services)
    {
        services.AddSingleton<IClock>(SystemClock.Instance);
        services.AddSingleton<ConversationService>();
        services.AddSingleton<Dumps.DebugDumpService>();
        services.AddSingleton<Analytics.AnalyticsService>();
        services.AddOptions<MetadataProjectorOptions>();
        services.AddSingleton<MetadataProjector>();
        services.AddSingleton<Access.ApiTokenService>();
        services.AddOptions<Access.DefaultAssistantOptions>();
        return services;
    }
}
