using RasaPlatform.Core.Storage;

namespace RasaPlatform.Core.Markers;

/// <summary>Every assistant's current marker configuration, compiled for evaluation, at one moment.</summary>
public sealed class MarkerSnapshot
{
    private readonly Dictionary<string, (long Version, MarkerEvaluator Evaluator)> _byAssistant;

    /// <summary>Evaluates the configurations given.</summary>
    public MarkerSnapshot(IEnumerable<StoredMarkerConfiguration> configurations)
    {
        ArgumentNullException.ThrowIfNull(configurations);
        _byAssistant = configurations.ToDictionary(c => c.Assistant, c => (c.Version, new MarkerEvaluator(c.Configuration)), StringComparer.Ordinal);
        Versions = _byAssistant.ToDictionary(p => p.Key, p => p.Value.Version, StringComparer.Ordinal);
    }

    /// <summary>No assistant has markers.</summary>
    public static MarkerSnapshot Empty { get; } = new([]);

    /// <summary>Whether no assistant has markers: the fold then keeps no marker events at all.</summary>
    public bool IsEmpty => _byAssistant.Count == 0;

    /// <summary>Each assistant's version in this snapshot.</summary>
    public IReadOnlyDictionary<string, long> Versions { get; }

    /// <summary>The assistant's version and evaluator; null when it has no markers.</summary>
    public (long Version, MarkerEvaluator Evaluator)? For(string? assistant) =>
        assistant is not null && _byAssistant.TryGetValue(assistant, out var found) ? found : null;

    /// <summary>Evaluates the conversation's marker events for its assistant; null when the assistant has no markers.</summary>
    public ConversationMarkers? Evaluate(string? assistant, IReadOnlyList<MarkerEvent>? events) =>
        For(assistant) is { } markers && events is not null
            ? new ConversationMarkers(markers.Version, markers.Evaluator.Evaluate(events))
            : null;
}

/// <summary>
/// The marker configurations the metadata job evaluates with: read from <see cref="IMarkerStore"/>, recompiled only
/// when an assistant's version changed, so that each batch costs one small read.
/// </summary>
/// <param name="store">The store; null where none is configured (then no assistant has markers).</param>
public sealed class MarkerDefinitions(IMarkerStore? store)
{
    private MarkerSnapshot _current = MarkerSnapshot.Empty;

    /// <summary>The configurations as stored now.</summary>
    public async Task<MarkerSnapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        if (store is null)
        {
            return MarkerSnapshot.Empty;
        }

        var versions = await store.VersionsAsync(cancellationToken).ConfigureAwait(false);
        var current = Volatile.Read(ref _current);
        if (versions.Count == current.Versions.Count && versions.All(v => current.Versions.TryGetValue(v.Key, out var known) && known == v.Value))
        {
            return current;
        }

        var next = new MarkerSnapshot(await store.ListAsync(cancellationToken).ConfigureAwait(false));
        Volatile.Write(ref _current, next);
        return next;
    }
}
