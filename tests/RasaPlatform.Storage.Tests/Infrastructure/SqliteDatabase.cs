using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage.Sqlite;

namespace RasaPlatform.Storage.Tests.Infrastructure;

/// <summary>A real SQLite file in the temp folder, deleted with the fixture.</summary>
public sealed class SqliteDatabase : StoreFixture
{
    private readonly IOptions<SqliteStoreOptions> _options = Options.Create(new SqliteStoreOptions
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"rasa-storage-tests-{Guid.NewGuid():N}.db"),
    });

    public string Path => _options.Value.Path;

    public override async Task<DbConnection> OpenConnectionAsync() => await Connections().OpenAsync(CancellationToken.None);

    protected override Task<bool> CreateDatabaseAsync() => Task.FromResult(true);

    protected override Task DropDatabaseAsync()
    {
        // Pooled connections keep the file open.
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(Path + suffix);
        }

        return Task.CompletedTask;
    }

    protected override IConversationStore NewConversationStore() => new SqliteConversationStore(Connections(), Clock);

    protected override IFlagStore NewFlagStore() => new SqliteFlagStore(Connections(), Clock);

    protected override IReviewStore NewReviewStore() => new SqliteReviewStore(Connections(), Clock);
    protected override IIntentCorrectionStore NewCorrectionStore() => new SqliteIntentCorrectionStore(Connections(), Clock);

    protected override IMetadataStore NewMetadataStore() => new SqliteMetadataStore(Connections(), Clock);

    protected override IConversationListing NewListing() => new SqliteConversationListing(Connections());

    protected override IListingFeed NewListingFeed() => new SqliteListingFeed(Connections());

    protected override IAnalyticsStore NewAnalytics() => new SqliteAnalyticsStore(Connections());

    protected override IApiTokenStore NewTokenStore() => new SqliteApiTokenStore(Connections());

    protected override IConversationAssistants NewConversationAssistants() => new SqliteConversationAssistants(Connections());

    protected override ITagStore NewTagStore() => new SqliteTagStore(Connections(), Clock);

    protected override IMarkerStore NewMarkerStore() => new SqliteMarkerStore(Connections());

    protected override IRawConversationStore NewRawConversations() => new SqliteRawConversationStore(Connections());

    protected override IFeedStore NewFeedStore()
    {
        var connections = Connections();
        return new SqliteFeedStore(new SqliteConversationStore(connections, Clock), connections);
    }

    protected override IStoreMigrator NewMigrator() => new SqliteMigrator(Connections(), Clock, NullLogger<SqliteMigrator>.Instance);

    private SqliteConnections Connections() => Own(new SqliteConnections(_options));
}
