using RasaPlatform.Core.Storage;

namespace RasaPlatform.Core.Listing;

/// <summary>
/// The listing: pages without tag filters are chosen and counted by this instance's
/// <see cref="ListingIndex"/> and their items read from the store; everything else is the store's to answer.
/// </summary>
/// <param name="store">The store's own listing, in SQL.</param>
/// <param name="host">This instance's index.</param>
/// <param name="feed">Reads the chosen page's items.</param>
public sealed class IndexedConversationListing(IConversationListing store, ListingIndexHost host, IListingFeed feed) : IConversationListing
{
    /// <summary>The service key under which a store registers its own <see cref="IConversationListing"/>.</summary>
    public const string StoreKey = "store";

    /// <inheritdoc />
    public async Task<ConversationPage> ListAsync(ConversationListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset);
        if (!ListingIndex.CanAnswer(query.Filter) || await host.CurrentAsync(cancellationToken).ConfigureAwait(false) is not { } index)
        {
            return await store.ListAsync(query, cancellationToken).ConfigureAwait(false);
        }

        var selection = index.Select(query);
        var items = await feed.ItemsAsync(selection.ConversationIds, cancellationToken).ConfigureAwait(false);
        return new ConversationPage(items, selection.Total);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> DistinctNamesAsync(NameCategory category, IReadOnlySet<string>? assistants, CancellationToken cancellationToken) =>
        store.DistinctNamesAsync(category, assistants, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<AssistantConversations>> AssistantsAsync(IReadOnlySet<string>? assistants, CancellationToken cancellationToken) =>
        store.AssistantsAsync(assistants, cancellationToken);
}
