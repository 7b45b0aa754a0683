namespace RasaPlatform.Core.Listing;

/// <summary>Which conversations the listing returns: every condition given must hold.</summary>
/// <remarks>
/// Name lists match when the conversation has ANY of the names (an empty list is no condition). Times are Unix
/// seconds. A bound on a confidence excludes conversations that have no such confidence at all.
/// </remarks>
public sealed record ConversationFilter
{
    /// <summary>No condition: every conversation.</summary>
    public static ConversationFilter None { get; } = new();

    public IReadOnlyList<string> Intents { get; init; } = [];

    public IReadOnlyList<string> Entities { get; init; } = [];

    public IReadOnlyList<string> Actions { get; init; } = [];

    /// <summary>Policy names without Rasa's <c>policy_N_</c> prefix.</summary>
    public IReadOnlyList<string> Policies { get; init; } = [];

    /// <summary>The latest input channel must be one of these.</summary>
    public IReadOnlyList<string> InputChannels { get; init; } = [];

    /// <summary>A substring of some user message, matched case-insensitively; already lower-cased (invariant).</summary>
    public string? Text { get; init; }

    /// <summary>Inclusive lower bound on the latest user event time.</summary>
    public double? Start { get; init; }

    /// <summary>Inclusive upper bound on the latest user event time.</summary>
    public double? Until { get; init; }

    public int? MinimumUserMessages { get; init; }

    /// <summary>Inclusive upper bound on the minimum action confidence.</summary>
    public double? MaximumConfidence { get; init; }

    /// <summary>Inclusive lower bound on the minimum action confidence.</summary>
    public double? MinimumConfidence { get; init; }

    /// <summary>Inclusive lower bound on the minimum intent confidence.</summary>
    public double? MinimumNluConfidence { get; init; }

    /// <summary>Inclusive upper bound on the minimum intent confidence.</summary>
    public double? MaximumNluConfidence { get; init; }

    /// <summary>Null: no condition.</summary>
    public bool? InTrainingData { get; init; }

    /// <summary>Only conversations with at least one flagged message.</summary>
    public bool OnlyFlagged { get; init; }

    /// <summary>
    /// The assistants a conversation may belong to (ordinal names); null: any, no condition. An empty set matches
    /// nothing. The API passes the requested assistants intersected with those the caller may see
    /// (<see cref="Assistants.AssistantScope"/>).
    /// </summary>
    public IReadOnlySet<string>? Assistants { get; init; }
    /// <summary>Tag ids: the conversation carries ANY of these tags (Rasa X's <c>tags_any</c>).</summary>
    public IReadOnlyList<long> TagIds { get; init; } = [];

    /// <summary>Tag names: the conversation carries a tag, of any assistant, with ANY of these names.</summary>
    public IReadOnlyList<string> TagNames { get; init; } = [];

    /// <summary>The conversation's review status is ANY of these; empty: no condition.</summary>
    public IReadOnlyList<Reviews.ReviewStatus> ReviewStatuses { get; init; } = [];

    /// <summary>Whether some user message of it carries an intent correction; null: no condition.</summary>
    public bool? HasCorrections { get; init; }

    /// <summary>Some <c>slot</c> event set a value meeting ANY of these; empty: no condition.</summary>
    public IReadOnlyList<SlotCondition> Slots { get; init; } = [];

    /// <summary>
    /// Markers as <see cref="Markers.MarkerNames"/> keys under the current versions: the conversation has a session
    /// where ANY of them applied. Null: no condition; empty: nothing matches (no assistant defines such a marker).
    /// </summary>
    public IReadOnlyList<string>? Markers { get; init; }

    /// <summary>Markers as keys under the current versions: NONE of them applied in any session. Null: no condition.</summary>
    public IReadOnlyList<string>? MarkersNot { get; init; }

    /// <summary>Whether its latest session is still going, judged at a moment the caller fixed; null: no condition.</summary>
    public ProgressCondition? Progress { get; init; }

    /// <summary>The names the filter asks for, by category; categories without a condition are left out.</summary>
    public IEnumerable<(NameCategory Category, IReadOnlyList<string> Names)> NameConditions()
    {
        if (Intents.Count > 0)
        {
            yield return (NameCategory.Intent, Intents);
        }

        if (Entities.Count > 0)
        {
            yield return (NameCategory.Entity, Entities);
        }

        if (Actions.Count > 0)
        {
            yield return (NameCategory.Action, Actions);
        }

        if (Policies.Count > 0)
        {
            yield return (NameCategory.Policy, Policies);
        }
    }
}

/// <summary>
/// The <c>in_progress</c> condition. A conversation is in progress unless its latest session ended
/// (<see cref="Metadata.ConversationMetadata.SessionEnded"/>) or it has been quiet since before
/// <paramref name="ActiveSince"/>: its last user message (its latest event, without user messages) is older.
/// </summary>
/// <param name="InProgress">True for conversations in progress, false for finished ones.</param>
/// <param name="ActiveSince">Unix seconds: the moment of the query less the session expiration.</param>
public sealed record ProgressCondition(bool InProgress, double ActiveSince)
{
    /// <summary>Whether the conversation is in progress by this condition's clock.</summary>
    public static bool IsInProgress(Metadata.ConversationMetadata metadata, double activeSince) =>
        !metadata.SessionEnded && (metadata.LatestUserEventTime ?? metadata.LatestEventTime) is { } active && active >= activeSince;
}
