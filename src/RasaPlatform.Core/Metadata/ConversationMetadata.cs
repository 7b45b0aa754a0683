namespace RasaPlatform.Core.Metadata;

/// <summary>What the conversation listing knows about one conversation, computed from its events.</summary>
/// <remarks>
/// Times are Unix seconds. Name lists are distinct and sorted ordinally. Confidences are null when no event carried
/// one. Policy names are reported without Rasa's <c>policy_N_</c> prefix.
/// </remarks>
public sealed record ConversationMetadata
{
    public required string SenderId { get; init; }

    /// <summary>Number of stored events.</summary>
    public required long EventCount { get; init; }

    /// <summary>The latest event timestamp (the maximum: real trackers are not always in time order).</summary>
    public double? LatestEventTime { get; init; }

    /// <summary>The latest <c>user</c> event timestamp: what the listing's <c>start</c>/<c>until</c> bound.</summary>
    public double? LatestUserEventTime { get; init; }

    /// <summary>The earliest event timestamp.</summary>
    public double? FirstEventTime { get; init; }

    /// <summary>The input channel of the last user message in arrival order.</summary>
    public string? LatestInputChannel { get; init; }

    /// <summary>
    /// <c>metadata.assistant_id</c> of the last event that carried one. As the projector saves it: that, or the
    /// configured default assistant (<see cref="Assistants.AssistantOptions"/>), never null.
    /// </summary>
    public string? AssistantId { get; init; }

    public required IReadOnlyList<string> Intents { get; init; }

    public required IReadOnlyList<string> Entities { get; init; }

    /// <summary>Names of executed actions, <c>action_listen</c> included.</summary>
    public required IReadOnlyList<string> Actions { get; init; }

    public required IReadOnlyList<string> Policies { get; init; }

    /// <summary>Every input channel a user message came through.</summary>
    public IReadOnlyList<string> InputChannels { get; init; } = [];

    /// <summary>
    /// What the listing's <c>text</c> filter searches: the conversation's user message texts, lower-cased
    /// (invariant culture) and joined by line feeds.
    /// </summary>
    public string SearchText { get; init; } = string.Empty;

    /// <summary>Minimum confidence of an <c>action</c> event that carried one.</summary>
    public double? MinimumActionConfidence { get; init; }

    public double? MaximumActionConfidence { get; init; }

    /// <summary>Minimum intent confidence of a <c>user</c> event that carried one.</summary>
    public double? MinimumIntentConfidence { get; init; }

    public double? MaximumIntentConfidence { get; init; }

    /// <summary>
    /// Rasa X 0.28+ semantics: true while every predicted action came from <c>MemoizationPolicy</c> or
    /// <c>AugmentedMemoizationPolicy</c>; an action without a policy does not break it.
    /// </summary>
    public required bool InTrainingData { get; init; }

    public required int UserMessageCount { get; init; }

    public required int BotMessageCount { get; init; }

    /// <summary>
    /// Whether its latest session ended: a <c>session_ended</c> or <c>conversation_inactive</c> event (Rasa Pro emits
    /// them) came after its last user message. The listing's <c>in_progress</c> filter reads it.
    /// </summary>
    public bool SessionEnded { get; init; }

    /// <summary>
    /// Every distinct value a <c>slot</c> event set (any in the history, not only the last; <c>requested_slot</c> left
    /// out), ordinally by name, then by JSON text: what the <c>slots</c> filter matches.
    /// </summary>
    public IReadOnlyList<Listing.SlotValue> Slots { get; init; } = [];
}
