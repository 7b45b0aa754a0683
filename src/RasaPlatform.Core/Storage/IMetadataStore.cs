using NodaTime;
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
/// Several projectors (one per service instance, and the <c>rebuild-metadata</c> command) work the queue at once: each
/// claims items for itself until a time (<see cref="ClaimAsync"/>), and no other claims them before then unless a
/// write re-queues them, which clears the claim. A claimer that dies therefore holds up only the items it claimed, and
/// only until their claims run out. Two projectors that do fold one conversation at once are harmless: metadata saved
/// at a newer revision is never overwritten by an older one.
/// </para>
/// </remarks>
public interface IMetadataStore
{
    /// <summary>
    /// Claims for <paramref name="owner"/> until <paramref name="until"/> the <paramref name="limit"/> conversations
    /// queued longest and, beside them, a quarter as many queued last (so at most 1.25 times the limit): of those that
    /// no unexpired claim holds and that no failure has set aside past now.
    /// </summary>
    /// <remarks>
    /// The newest share keeps a live assistant's writes fresh while a backlog (an import, a rebuild) is worked oldest
    /// first; the oldest share keeps the backlog from starving under sustained writes.
    /// </remarks>
    /// <param name="owner">Who claims: unique per projector. Non-empty.</param>
    /// <param name="limit">How many of the longest queued; positive.</param>
    /// <param name="until">When the claims run out, unless renewed (exclusive).</param>
    /// <param name="cancellationToken">Cancels the claim; then nothing changes.</param>
    /// <returns>The claimed items, longest queued first. Claiming does not remove anything: an item stays queued until <see cref="SaveAsync"/> removes it.</returns>
    Task<IReadOnlyList<MetadataWorkItem>> ClaimAsync(string owner, int limit, Instant until, CancellationToken cancellationToken);

    /// <summary>
    /// Claims for <paramref name="owner"/> until <paramref name="until"/> up to <paramref name="limit"/> of the
    /// conversations queued at or after <paramref name="since"/>, the last queued taken first when there are more, of those
    /// <see cref="ClaimAsync"/> could claim: the live writes that arrive while a backlog is worked, for a projector to take beside its batches.
    /// A store without it claims nothing, and live writes wait for the next batch's newest share.
    /// </summary>
    /// <returns>The claimed items, longest queued first.</returns>
    Task<IReadOnlyList<MetadataWorkItem>> ClaimRecentAsync(string owner, int limit, Instant since, Instant until, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<MetadataWorkItem>>([]);

    /// <summary>Extends every claim <paramref name="owner"/> still holds until <paramref name="until"/>.</summary>
    Task RenewClaimsAsync(string owner, Instant until, CancellationToken cancellationToken);

    /// <summary>Gives up every claim <paramref name="owner"/> holds; idempotent.</summary>
    Task ReleaseClaimsAsync(string owner, CancellationToken cancellationToken);

    /// <summary>
    /// Sets a claimed conversation whose fold or save failed aside until <paramref name="retryAt"/>, with its error,
    /// and counts the attempt; its claim ends. If a write re-queued it since it was claimed, it is due at once.
    /// </summary>
    /// <param name="item">The item as claimed.</param>
    /// <param name="failure">What failed, for operators; stored as given.</param>
    /// <param name="retryAt">When it may be claimed again.</param>
    /// <param name="cancellationToken">Cancels the write; then nothing changes.</param>
    Task RecordFailureAsync(MetadataWorkItem item, string failure, Instant retryAt, CancellationToken cancellationToken);

    /// <summary>How many queued conversations have failed at least once, and up to <paramref name="limit"/> of them, most attempts first.</summary>
    Task<MetadataFailures> FailuresAsync(int limit, CancellationToken cancellationToken);

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

    /// <summary>Queues every stored conversation at its current revision, for a full rebuild; claims and retry waits end.</summary>
    /// <returns>How many conversations were queued or re-queued.</returns>
    Task<long> EnqueueAllAsync(CancellationToken cancellationToken);

    /// <summary>How many conversations are queued, claimed or not, failed or not.</summary>
    Task<long> PendingCountAsync(CancellationToken cancellationToken);

    /// <summary>
    /// When the longest-waiting queued conversation was queued (its first write not yet folded): the projection's lag
    /// is the time since. Null when nothing is queued, or when the store does not keep it.
    /// </summary>
    Task<Instant?> OldestPendingAsync(CancellationToken cancellationToken) => Task.FromResult<Instant?>(null);

    /// <summary>Whether any conversation could be claimed now: a read only, cheap enough to ask many times a second.</summary>
    Task<bool> AnyClaimableAsync(CancellationToken cancellationToken);

    /// <summary>
    /// When at least <paramref name="minimumBacklog"/> conversations are queued, sets aside the upkeep a save pays per
    /// row that can be rebuilt in one pass at the end (secondary indexes, counts and sums kept by triggers), durably,
    /// until <see cref="RestoreMaintenanceAsync"/>. A store that has no such upkeep does nothing.
    /// </summary>
    /// <remarks>
    /// While deferred, saves store exactly what they store otherwise; only the counts and sums stay as they were when
    /// the catch-up began, and reads that an index served scan instead.
    /// </remarks>
    /// <returns>Whether maintenance is deferred after the call (it may have been already).</returns>
    Task<bool> DeferMaintenanceAsync(long minimumBacklog, CancellationToken cancellationToken) => Task.FromResult(false);

    /// <summary>
    /// When maintenance is deferred and fewer than <paramref name="minimumBacklog"/> conversations are queued, restores
    /// it: the triggers with the counts and sums recomputed from the rows in one transaction, then the indexes as they
    /// were, so that everything equals what incremental maintenance gives.
    /// </summary>
    /// <returns>Whether it restored anything.</returns>
    Task<bool> RestoreMaintenanceAsync(long minimumBacklog, CancellationToken cancellationToken) => Task.FromResult(false);

    /// <summary>Whether maintenance is deferred now: a read of one small table.</summary>
    Task<bool> IsMaintenanceDeferredAsync(CancellationToken cancellationToken) => Task.FromResult(false);
}
