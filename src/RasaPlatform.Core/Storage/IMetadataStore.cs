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
    /// Atomically, for every update: stores its metadata as the conversation's metadata at its revision, replaces the
    /// conversation's name rows and search text, and removes its queue item if the item's revision is still the one
    /// folded.
    /// </summary>
    /// <param name="updates">Folded metadata, at most one per conversation.</param>
    /// <param name="cancellationToken">Cancels the save; then nothing changes.</param>
    /// <returns>
    /// How many queue items were removed. An item stays queued when a newer write re-queued it (or it was not queued).
    /// Metadata stored at a newer revision is never overwritten by an older one.
    /// </returns>
    Task<int> SaveAsync(IReadOnlyList<MetadataUpdate> updates, CancellationToken cancellationToken);

    /// <summary>The stored metadata of the conversation, or <see langword="null"/> when none has been saved yet.</summary>
    Task<ConversationMetadata?> GetAsync(string senderId, CancellationToken cancellationToken);

    /// <summary>Queues every stored conversation at its current revision, for a full rebuild.</summary>
    /// <returns>How many conversations were queued or re-queued.</returns>
    Task<long> EnqueueAllAsync(CancellationToken cancellationToken);

    /// <summary>How many conversations are queued.</summary>
    Task<long> PendingCountAsync(CancellationToken cancellationToken);

    /// <summary>Whether any conversation is queued: a read only, cheap enough to ask many times a second.</summary>
    Task<bool> AnyPendingAsync(CancellationToken cancellationToken);
}
