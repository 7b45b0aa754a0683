namespace RasaPlatform.Core.Tracking;

/// <summary>A conversation's state after replaying its events by Rasa's rules.</summary>
/// <remarks>
/// Slots are those the conversation's events ever set (a store holds no domain): a slot that was reset is present with
/// a null value. JSON-valued members are raw JSON text.
/// </remarks>
public sealed record TrackerState
{
    public required string SenderId { get; init; }

    /// <summary>Slot name to raw JSON value, in the order slots were first set.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Slots { get; init; }

    /// <summary>The parse data of the latest applied user message (entities merged in), as raw JSON.</summary>
    public required string LatestMessageJson { get; init; }

    /// <summary>Timestamp of the last event in arrival order (Unix seconds); null when there are none.</summary>
    public double? LatestEventTime { get; init; }

    public string? FollowupAction { get; init; }

    public bool Paused { get; init; }

    public string? LatestInputChannel { get; init; }

    public ActiveLoopState? ActiveLoop { get; init; }

    /// <summary>The latest action as Rasa's sub-state: <c>action_name</c> or <c>action_text</c>; null when none.</summary>
    public string? LatestActionName { get; init; }

    /// <summary>Whether <see cref="LatestActionName"/> is an end-to-end action text rather than an action name.</summary>
    public bool LatestActionIsText { get; init; }
}
