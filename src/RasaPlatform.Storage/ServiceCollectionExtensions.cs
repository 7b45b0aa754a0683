using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RasaPlatform.Core.Listing;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage.PostgreSql;
using RasaPlatform.Storage.Sqlite;

namespace RasaPlatform.Storage;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers the store chosen by <c>Storage:Provider</c>, its other stores (flags, metadata, listing and its feed,
    /// analytics, tags, raw export, API tokens, folded assistants, feeds) and its migrator.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The provider is unknown, or it is <c>PostgreSql</c> and <c>Storage:PostgreSql:ConnectionString</c> is missing.
    /// </exception>
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
                services.AddSingleton<SqliteConversationStore>();
                services.AddSingleton<IConversationStore>(provider => provider.GetRequiredService<SqliteConversationStore>());
                services.AddSingleton<IFeedStore, SqliteFeedStore>();
                services.AddSingleton<IFlagStore, SqliteFlagStore>();
                services.AddSingleton<IReviewStore, SqliteReviewStore>();
                services.AddSingleton<IIntentCorrectionStore, SqliteIntentCorrectionStore>();
                services.AddSingleton<IMetadataStore, SqliteMetadataStore>();
                services.AddKeyedSingleton<IConversationListing, SqliteConversationListing>(IndexedConversationListing.StoreKey);
                services.AddSingleton<IListingFeed, SqliteListingFeed>();
                services.AddSingleton<IAnalyticsStore, SqliteAnalyticsStore>();
                services.AddSingleton<IApiTokenStore, SqliteApiTokenStore>();
                services.AddSingleton<IConversationAssistants, SqliteConversationAssistants>();
                services.AddSingleton<ITagStore, SqliteTagStore>();
                services.AddSingleton<IMarkerStore, SqliteMarkerStore>();
                services.AddSingleton<IRawConversationStore, SqliteRawConversationStore>();
                services.AddSingleton<IStoreMigrator, SqliteMigrator>();
                break;
            case StorageProvider.PostgreSql:
                AddPostgreSql(services, section.GetSection("PostgreSql"));
                break;
            default:
                throw new InvalidOperationException($"Storage provider '{options.Provider}' is not supported.");
        }

        // The store's own listing answers what the in-process index does not (Core's ListingIndexHost).
        services.AddSingleton<IConversationListing>(provider => new IndexedConversationListing(
            provider.GetRequiredKeyedService<IConversationListing>(IndexedConversationListing.StoreKey),
            provider.GetRequiredService<ListingIndexHost>(),
            provider.GetRequiredService<IListingFeed>()));

        return services;
    }

    private static void AddPostgreSql(IServiceCollection services, IConfigurationSection section)
    {
        // Fail at startup, not at the first request, when the server is not configured.
        if (string.IsNullOrWhiteSpace(section.Get<PostgreSqlStoreOptions>()?.ConnectionString))
        {
            throw new InvalidOperationException(
                $"Storage:Provider is PostgreSql but {PostgreSqlStoreOptions.Section}:{nameof(PostgreSqlStoreOptions.ConnectionString)} "
                + "is not set (environment: Storage__PostgreSql__ConnectionString).");
        }

        services.Configure<PostgreSqlStoreOptions>(section);
        services.AddSingleton<PostgreSqlDataSource>();
        services.AddSingleton<PostgreSqlDeadlocks>();
        services.AddSingleton<PostgreSqlConversationStore>();
        services.AddSingleton<IConversationStore>(provider => provider.GetRequiredService<PostgreSqlConversationStore>());
        services.AddSingleton<IFeedStore, PostgreSqlFeedStore>();
        services.AddSingleton<IFlagStore, PostgreSqlFlagStore>();
        services.AddSingleton<IReviewStore, PostgreSqlReviewStore>();
        services.AddSingleton<IIntentCorrectionStore, PostgreSqlIntentCorrectionStore>();
        services.AddSingleton<IMetadataStore, PostgreSqlMetadataStore>();
        services.AddKeyedSingleton<IConversationListing, PostgreSqlConversationListing>(IndexedConversationListing.StoreKey);
        services.AddSingleton<IListingFeed, PostgreSqlListingFeed>();
        services.AddSingleton<IAnalyticsStore, PostgreSqlAnalyticsStore>();
        services.AddSingleton<IApiTokenStore, PostgreSqlApiTokenStore>();
        services.AddSingleton<IConversationAssistants, PostgreSqlConversationAssistants>();
        services.AddSingleton<ITagStore, PostgreSqlTagStore>();
        services.AddSingleton<IMarkerStore, PostgreSqlMarkerStore>();
        services.AddSingleton<IRawConversationStore, PostgreSqlRawConversationStore>();
        services.AddSingleton<IStoreMigrator, PostgreSqlMigrator>();
    }
}
