using NodaTime;
using RasaPlatform.Core.Markers;

namespace RasaPlatform.Core.Storage;

/// <summary>Marker configurations per assistant, and the results the metadata job stores with the metadata.</summary>
/// <remarks>
/// Results are saved by <see cref="IMetadataStore.SaveAsync"/> with the conversation's metadata
/// (<see cref="MetadataUpdate.Markers"/>), under the version they were evaluated with; reads take an assistant's
/// current version only.
/// </remarks>
public interface IMarkerStore
{
    /// <summary>Each assistant's current configuration version: a read cheap enough for every batch of the metadata job.</summary>
    Task<IReadOnlyDictionary<string, long>> VersionsAsync(CancellationToken cancellationToken);

    /// <summary>Every assistant's current configuration.</summary>
    Task<IReadOnlyList<StoredMarkerConfiguration>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The assistant's current configuration, or null when it has none.</summary>
    Task<StoredMarkerConfiguration?> GetAsync(string assistant, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically: stores <paramref name="configuration"/> as the assistant's, under a new version; removes the
    /// results of its previous version; and queues every conversation of the assistant (by its folded metadata) at a
    /// new revision, so that the metadata job evaluates it under the new version and a fold already under way with
    /// the old one cannot take it off the queue.
    /// </summary>
    /// <returns>The stored configuration, and how many conversations were queued.</returns>
    Task<(StoredMarkerConfiguration Stored, long Queued)> PutAsync(string assistant, MarkerConfiguration configuration, Instant now, CancellationToken cancellationToken);

    /// <summary>As <see cref="PutAsync"/>, but the assistant holds no configuration afterwards; false when it held none (then nothing changes).</summary>
    Task<bool> DeleteAsync(string assistant, Instant now, CancellationToken cancellationToken);

    /// <summary>How many conversations of the assistant (by their folded metadata) are queued for the metadata job.</summary>
    Task<long> PendingAsync(string assistant, CancellationToken cancellationToken);

    /// <summary>
    /// Counts over the sessions evaluated under <paramref name="version"/> that start within <paramref name="start"/> and
    /// <paramref name="until"/> (Unix seconds, inclusive; null: unbounded): sessions, sessions per marker, turn values.
    /// </summary>
    Task<MarkerCounts> CountAsync(long version, double? start, double? until, CancellationToken cancellationToken);

    /// <summary>
    /// The sessions evaluated under <paramref name="version"/> that start in the range, in the order of their sender ids
    /// and indices, after the session <paramref name="after"/> (if given) and then from <paramref name="offset"/>, at
    /// most <paramref name="limit"/>, with each application's marker, event index and preceding user turns.
    /// </summary>
    Task<IReadOnlyList<(string SenderId, MarkerSession Session, IReadOnlyList<(string Marker, int EventIndex, int Turns)> Applications)>> SessionsAsync(
        long version,
        double? start,
        double? until,
        (string SenderId, int SessionIndex)? after,
        int offset,
        int limit,
        CancellationToken cancellationToken);

    /// <summary>
    /// Sessions evaluated under any of <paramref name="versions"/> that start within [<paramref name="since"/>,
    /// <paramref name="before"/>), grouped by their exact start time, or, with <paramref name="grain"/> (the width in
    /// seconds of an analytics grain's unit, on whose edges both bounds fall), by the unit they start in, named by its
    /// first second: how many there are, and per marker of <paramref name="markers"/> how many of them it applied in.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="grain"/> is no grain's width, or a bound is not on its edges.</exception>
    Task<IReadOnlyList<(double Start, string? Marker, long Sessions)>> SessionsByStartAsync(
        IReadOnlyCollection<long> versions,
        IReadOnlyCollection<string> markers,
        double since,
        double before,
        int? grain,
        CancellationToken cancellationToken);

    /// <summary>The conversation's results stored under <paramref name="version"/>; null when the conversation is not stored.</summary>
    Task<StoredConversationMarkers?> ReadConversationAsync(string senderId, long version, CancellationToken cancellationToken);
}
