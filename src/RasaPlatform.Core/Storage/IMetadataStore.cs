using RasaPlatform.Core.Metadata;

namespace RasaPlatform.Core.Storage;

/// <summary>Precomputed conversation metadata and the durable queue of conversations whose metadata is stale.</summary>
/// <remarks>
/// <para>
/// Every <see cref="IConversationStore.WriteAsync"/> bumps each written conversation's revision and queues it at that
/// revision in the same transaction as its events, so a crash between a write and the projector loses nothing. An
/// item leaves the queue only when metadata folded at its current revision is saved, so a write that lands while the
/// projector works keeps its conversation queued, and processing an item twice changes nothing.
/// </para>
/// <para>
/// Claiming takes no lock: one processor at a time is assumed, which <see cref="Metadata.MetadataProjector"/>
/// ensures by holding the <see cref="Metadata.MetadataProjector.LeaseName"/> lease of the <see cref="ILeaseStore"/>
/// over the same store while it works.
/// </para>
/// </remarks>
public interface IMetadataStore
{
    /// <summary>Up to <paramref name="limit"/> queued conversations, the longest queued first.</summary>
    /// <param name="limit">Positive.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <remarks>Reading does not remove anything: an item stays queued until <see cref="SaveAsync"/> removes it.</remarks>
    Task<IReadOnlyList<MetadataWorkItem>> ClaimAsync(int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically stores <paramref name="metadata"/> as the conversation's metadata at <paramref name="revision"/>,
    /// replaces its name rows, and removes its queue item if the item's revision is still <paramref name="revision"/>.
    /// </summary>
    /// <param name="metadata">The metadata folded from the conversation's events.</param>
    /// <param name="conversationId">The store's id of the conversation, from <see cref="MetadataWorkItem"/>.</param>
    /// <param name="revision">The revision the events were claimed at.</param>
    /// <param name="cancellationToken">Cancels the save; then nothing changes.</param>
    /// <returns>
    /// <see langword="true"/> when the queue item was removed; <see langword="false"/> when a newer write keeps it queued
    /// (or it was not queued). Metadata stored at a newer revision is never overwritten by an older one.
    /// </returns>
    Task<bool> SaveAsync(ConversationMetadata metadata, long conversationId, long revision, CancellationToken cancellationToken);

    /// <summary>The stored metadata of the conversation, or <see langword="null"/> when none has been saved yet.</summary>
    Task<ConversationMetadata?> GetAsync(string senderId, CancellationToken cancellationToken);

    /// <summary>Queues every stored conversation at its current revision, for a full rebuild.</summary>
    /// <returns>How many conversations were queued or re-queued.</returns>
    Task<long> EnqueueAllAsync(CancellationToken cancellationToken);

    /// <summary>How many conversations are queued.</summary>
    Task<long> PendingCountAsync(CancellationToken cancellationToken);
}
