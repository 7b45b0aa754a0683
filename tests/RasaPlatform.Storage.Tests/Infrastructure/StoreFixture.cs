using System.Data.Common;
using RasaPlatform.Core.Storage;
using RasaPlatform.Testing;

namespace RasaPlatform.Storage.Tests.Infrastructure;

/// <summary>One migrated database per test class, and store instances over it.</summary>
/// <remarks>Tests in a class share the database, so each test works on conversations and leases of its own.</remarks>
public abstract class StoreFixture : IAsyncLifetime
{
    private readonly List<object> _owned = [];
    private IConversationStore? _store;
    private IFlagStore? _flags;
    private IIntentCorrectionStore? _corrections;
    private IMetadataStore? _metadata;
    private IConversationListing? _listing;
    private IListingFeed? _listingFeed;
    private IAnalyticsStore? _analytics;
    private IApiTokenStore? _tokens;
    private IConversationAssistants? _assistants;

    private ITagStore? _tags;
    private IMarkerStore? _markers;
    private IRawConversationStore? _rawConversations;
    private IFeedStore? _feeds;
    private IReviewStore? _reviews;

    /// <summary>The time every store of this fixture sees.</summary>
    public FakeClock Clock { get; } = FakeClock.At(2024, 3, 1);

    /// <summary>The store most tests use.</summary>
    public IConversationStore Store => _store ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>The flag store most tests use.</summary>
    public IFlagStore Flags => _flags ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>The intent correction store most tests use.</summary>
    public IIntentCorrectionStore Corrections => _corrections ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>The metadata store most tests use.</summary>
    public IMetadataStore Metadata => _metadata ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>The listing most tests use.</summary>
    public IConversationListing Listing => _listing ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>The listing feed most tests use.</summary>
    public IListingFeed ListingFeed => _listingFeed ?? throw new InvalidOperationException("The fixture is not initialised.");

    public IAnalyticsStore Analytics => _analytics ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>The token store most tests use.</summary>
    public IApiTokenStore Tokens => _tokens ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>The folded-assistant lookup most tests use.</summary>
    public IConversationAssistants Assistants => _assistants ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>The tag store most tests use.</summary>
    public ITagStore Tags => _tags ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>The marker store most tests use.</summary>
    public IMarkerStore Markers => _markers ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>The raw export most tests use.</summary>
    public IRawConversationStore RawConversations => _rawConversations ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>The feed store most tests use: its commits go through a conversation store of its own.</summary>
    public IFeedStore Feeds => _feeds ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>The review store most tests use.</summary>
    public IReviewStore Reviews => _reviews ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>A further tag store with connections of its own.</summary>
    public ITagStore CreateTagStore() => NewTagStore();

    /// <summary>A further store with connections of its own, as another service instance would have.</summary>
    public IConversationStore CreateConversationStore() => NewConversationStore();

    /// <summary>A further flag store with connections of its own.</summary>
    public IFlagStore CreateFlagStore() => NewFlagStore();

    /// <summary>A further intent correction store with connections of its own.</summary>
    public IIntentCorrectionStore CreateCorrectionStore() => NewCorrectionStore();

    /// <summary>A further metadata store with connections of its own.</summary>
    public IMetadataStore CreateMetadataStore() => NewMetadataStore();

    /// <summary>A further token store with connections of its own, as another service instance would have.</summary>
    public IApiTokenStore CreateTokenStore() => NewTokenStore();

    /// <summary>A migrator over this fixture's database.</summary>
    public IStoreMigrator CreateMigrator() => NewMigrator();

    /// <summary>A raw connection to this fixture's database, for assertions on the schema.</summary>
    public abstract Task<DbConnection> OpenConnectionAsync();

    public async Task InitializeAsync()
    {
        if (!await CreateDatabaseAsync())
        {
            return;
        }

        await NewMigrator().MigrateAsync(CancellationToken.None);
        _store = NewConversationStore();
        _flags = NewFlagStore();
        _corrections = NewCorrectionStore();
        _metadata = NewMetadataStore();
        _listing = NewListing();
        _listingFeed = NewListingFeed();
        _analytics = NewAnalytics();
        _tokens = NewTokenStore();
        _assistants = NewConversationAssistants();

        _tags = NewTagStore();
        _markers = NewMarkerStore();
        _rawConversations = NewRawConversations();
        _feeds = NewFeedStore();
        _reviews = NewReviewStore();
    }

    public async Task DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            switch (owned)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }

        await DropDatabaseAsync();
    }

    /// <summary>Creates an empty database; false when the engine is not available and the tests are skipped.</summary>
    protected abstract Task<bool> CreateDatabaseAsync();

    protected abstract Task DropDatabaseAsync();

    protected abstract IConversationStore NewConversationStore();

    protected abstract IFlagStore NewFlagStore();

    protected abstract IReviewStore NewReviewStore();
    protected abstract IIntentCorrectionStore NewCorrectionStore();

    protected abstract IMetadataStore NewMetadataStore();

    protected abstract IConversationListing NewListing();

    protected abstract IListingFeed NewListingFeed();

    protected abstract IAnalyticsStore NewAnalytics();

    protected abstract IApiTokenStore NewTokenStore();

    protected abstract IConversationAssistants NewConversationAssistants();

    protected abstract ITagStore NewTagStore();

    protected abstract IMarkerStore NewMarkerStore();

    protected abstract IRawConversationStore NewRawConversations();

    protected abstract IFeedStore NewFeedStore();

    protected abstract IStoreMigrator NewMigrator();

    /// <summary>Disposes <paramref name="item"/> with the fixture.</summary>
    protected T Own<T>(T item)
        where T : notnull
    {
        lock (_owned)
        {
            _owned.Add(item);
        }

        return item;
    }
}
