using Microsoft.Extensions.Options;
using RasaPlatform.Core.Assistants;
using RasaPlatform.Core.Listing;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage.Tests.Infrastructure;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Storage.Tests;

/// <summary>
/// The listing contract answered by the in-process <see cref="ListingIndex"/>. The store's own listing is only allowed
/// the filters the index leaves to it (tags): any other query that reaches it fails the test. Each test loads a
/// new index; the first loads it before the corpus is written, so that index learns every conversation from the
/// store's record of changes, and later ones load the corpus whole.
/// </summary>
public abstract class IndexedConversationListingContract(StoreFixture fixture) : ConversationListingContract(fixture), IAsyncLifetime, IDisposable
{
    private ListingIndexHost? _host;

    protected override IConversationListing Listing => new IndexedConversationListing(
        new OnlyWhatTheIndexCannotAnswer(Fixture.Listing),
        _host ?? throw new InvalidOperationException("Not initialised."),
        Fixture.ListingFeed);

    public async Task InitializeAsync()
    {
        _host = new ListingIndexHost(Fixture.ListingFeed, Fixture.Clock, Options.Create(new ListingIndexOptions()));
        await _host.LoadAsync(CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _host?.Dispose();
        GC.SuppressFinalize(this);
    }

    private sealed class OnlyWhatTheIndexCannotAnswer(IConversationListing store) : IConversationListing
    {
        public Task<ConversationPage> ListAsync(ConversationListQuery query, CancellationToken cancellationToken) =>
            ListingIndex.CanAnswer(query.Filter)
                ? throw new InvalidOperationException("The index should have answered this query itself.")
                : store.ListAsync(query, cancellationToken);

        public Task<IReadOnlyList<string>> DistinctNamesAsync(NameCategory category, IReadOnlySet<string>? assistants, CancellationToken cancellationToken) =>
            store.DistinctNamesAsync(category, assistants, cancellationToken);

        public Task<IReadOnlyList<AssistantConversations>> AssistantsAsync(IReadOnlySet<string>? assistants, CancellationToken cancellationToken) =>
            store.AssistantsAsync(assistants, cancellationToken);
    }
}

public sealed class SqliteIndexedConversationListingTests(SqliteDatabase database)
    : IndexedConversationListingContract(database), IClassFixture<SqliteDatabase>;

[RequiresPostgreSql]
public sealed class PostgreSqlIndexedConversationListingTests(PostgreSqlDatabase<PostgreSqlIndexedConversationListingTests> database)
    : IndexedConversationListingContract(database), IClassFixture<PostgreSqlDatabase<PostgreSqlIndexedConversationListingTests>>;
