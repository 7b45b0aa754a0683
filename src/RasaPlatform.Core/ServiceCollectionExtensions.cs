using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using RasaPlatform.Core.Conversations;

namespace RasaPlatform.Core;

public static class ServiceCollectionExtensions
{
    /// <summary>Registers Core's services; a store adapter must register <see cref="Storage.IConversationStore"/>.</summary>
    public static IServiceCollection AddRasaCore(this IServiceCollection services)
    {
        services.AddSingleton<IClock>(SystemClock.Instance);
        services.AddSingleton<ConversationService>();
        return services;
    }
}
