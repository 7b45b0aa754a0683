using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage.Sqlite;

namespace RasaPlatform.Storage;

public static class ServiceCollectionExtensions
{
    /// <summary>Registers the store chosen by <c>Storage:Provider</c> and its migrator.</summary>
    public static IServiceCollection AddRasaStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(StorageOptions.Section);
        var options = section.Get<StorageOptions>() ?? new StorageOptions();
        services.Configure<StorageOptions>(section);
        switch (options.Provider)
        {
            case StorageProvider.Sqlite:
                services.Configure<SqliteStoreOptions>(section.GetSection("Sqlite"));
                services.AddSingleton<SqliteConnections>();
                services.AddSingleton<IConversationStore, SqliteConversationStore>();
                services.AddSingleton<IStoreMigrator, SqliteMigrator>();
                break;
            default:
                throw new InvalidOperationException($"Storage provider '{options.Provider}' is not supported.");
        }

        return services;
    }
}
