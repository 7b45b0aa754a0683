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
