using NodaTime;
using RasaPlatform.Core.Listing;

namespace RasaPlatform.Core.Storage;

/// <summary>
/// Feeds the in-process <see cref="ListingIndex"/>: every conversation's listing row once, then the rows of the
/// conversations whose metadata or flags changed since a position; and the page items of chosen conversations.
/// </summary>
/// <remarks>
/// A position is the store's own (a change sequence, a transaction horizon): callers only hand back what a read gave.
/// Reading changes is idempotent: a change may be read again at a later position, never missed.
/// </remarks>
public interface IListingFeed
{
    /// <summary>Writes every listed conversation to <paramref name="sink"/>, from one snapshot.</summary>
    /// <returns>The position from which <see cref="ReadChangesAsync"/> continues after this snapshot.</returns>
    Task<ListingPosition> ReadAllAsync(IListingSink sink, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the current row of each conversation changed after <paramref name="position"/> to
    /// <paramref name="sink"/>, or its removal when it has no metadata any more.
    /// </summary>
    /// <returns>The position to continue from.</returns>
    Task<ListingPosition> ReadChangesAsync(ListingPosition position, IListingSink sink, CancellationToken cancellationToken);

    /// <summary>The listing items of these conversations, in the order given; ids without metadata are left out.</summary>
    Task<IReadOnlyList<ListedConversation>> ItemsAsync(IReadOnlyList<long> conversationIds, CancellationToken cancellationToken);

    /// <summary>Forgets changes older than <paramref name="age"/>; a reader further behind must read everything again.</summary>
    Task PruneAsync(Duration age, CancellationToken cancellationToken);
}

/// <summary>A point in a store's sequence of listing changes; opaque to everyone but the store.</summary>
/// <param name="Value">The store's number for it.</param>
public readonly record struct ListingPosition(long Value);

/// <summary>Receives listing rows from an <see cref="IListingFeed"/>.</summary>
/// <remarks>
/// In one read, all <see cref="Upsert"/> and <see cref="Remove"/> calls come before the <see cref="AddName"/> and
/// <see cref="SetText"/> calls; an upsert replaces the conversation's row and forgets its names and text, which the
/// read then gives again.
/// </remarks>
public interface IListingSink
{
    void Upsert(in ListingRow row);

    void Remove(long conversationId);

    /// <summary>One name the conversation's metadata lists (intent, entity, action or policy).</summary>
    void AddName(long conversationId, NameCategory category, string name);

    /// <summary>
    /// The text the listing's <c>text</c> filter searches (see <see cref="Metadata.ConversationMetadata.SearchText"/>),
    /// UTF-8 encoded; not given for a conversation without user texts.
    /// </summary>
    void SetText(long conversationId, byte[] utf8);

    /// <summary>
    /// The slot values the <c>slots</c> filter matches (<see cref="NameCategory.SlotMatch"/>), UTF-8 encoded as
    /// <see cref="Listing.SlotMatches.Encode"/> joins them; not given for a conversation without slot values.
    /// </summary>
    void SetSlotMatches(long conversationId, byte[] utf8);
}
