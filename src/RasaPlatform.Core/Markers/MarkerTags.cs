namespace RasaPlatform.Core.Markers;

/// <summary>What a marker's tag builds: an operator over sub-markers, or a condition on one event.</summary>
public enum MarkerKind
{
    /// <summary><c>and</c>: all sub-markers apply at the event.</summary>
    And,

    /// <summary><c>or</c>: any sub-marker applies at the event.</summary>
    Or,

    /// <summary><c>not</c>: its one sub-marker does not apply at the event.</summary>
    Not,

    /// <summary><c>seq</c>: its sub-markers applied in order, at most one step per event; true where the last step applies.</summary>
    Sequence,

    /// <summary><c>at_least_once</c>: its one sub-marker applied at this event or earlier in the session.</summary>
    AtLeastOnce,

    /// <summary><c>action</c>: the event is an <c>action</c> event with this name.</summary>
    Action,

    /// <summary><c>intent</c>: the event is a <c>user</c> event with this intent or full retrieval intent.</summary>
    Intent,

    /// <summary><c>slot_was_set</c>: the slot holds a value other than null at this event.</summary>
    SlotWasSet,
}

/// <summary>One tag of Rasa's marker configuration (REFERENCE.md §7): what it builds, whether it negates, what it takes.</summary>
/// <param name="Tag">The key in the configuration.</param>
/// <param name="Kind">What it builds.</param>
/// <param name="Negated">Whether it inverts the value at every event (<c>never</c>, <c>not_intent</c>, …).</param>
/// <param name="SubMarkers">For an operator, exactly how many sub-markers it takes; null for one or more. Zero for a condition.</param>
public sealed record MarkerTag(string Tag, MarkerKind Kind, bool Negated, int? SubMarkers)
{
    /// <summary>Whether the tag is a condition on one event, whose value is one string.</summary>
    public bool IsCondition => Kind is MarkerKind.Action or MarkerKind.Intent or MarkerKind.SlotWasSet;
}

/// <summary>The tags of Rasa's marker configuration, in one table the reader, the writer and the evaluator share.</summary>
public static class MarkerTags
{
    /// <summary>The optional documentation key beside a definition's tag.</summary>
    public const string Description = "description";

    /// <summary>The name Rasa gives the marker that combines all configured markers; no marker may take it.</summary>
    public const string AnyMarker = "<any_marker>";

    /// <summary>Every tag, positive ones before their negations.</summary>
    public static IReadOnlyList<MarkerTag> All { get; } =
    [
        new("and", MarkerKind.And, Negated: false, SubMarkers: null),
        new("at_least_one_not", MarkerKind.And, Negated: true, SubMarkers: null),
        new("or", MarkerKind.Or, Negated: false, SubMarkers: null),
        new("not", MarkerKind.Not, Negated: false, SubMarkers: 1),
        new("seq", MarkerKind.Sequence, Negated: false, SubMarkers: null),
        new("at_least_once", MarkerKind.AtLeastOnce, Negated: false, SubMarkers: 1),
        new("never", MarkerKind.AtLeastOnce, Negated: true, SubMarkers: 1),
        new("action", MarkerKind.Action, Negated: false, SubMarkers: 0),
        new("not_action", MarkerKind.Action, Negated: true, SubMarkers: 0),
        new("intent", MarkerKind.Intent, Negated: false, SubMarkers: 0),
        new("not_intent", MarkerKind.Intent, Negated: true, SubMarkers: 0),
        new("slot_was_set", MarkerKind.SlotWasSet, Negated: false, SubMarkers: 0),
        new("slot_was_not_set", MarkerKind.SlotWasSet, Negated: true, SubMarkers: 0),
    ];

    private static readonly Dictionary<string, MarkerTag> ByName = All.ToDictionary(t => t.Tag, StringComparer.Ordinal);

    /// <summary>The tag named <paramref name="tag"/>, or null when there is none.</summary>
    public static MarkerTag? Find(string tag) => ByName.GetValueOrDefault(tag);

    /// <summary>The tag that builds <paramref name="kind"/>, negated or not.</summary>
    public static MarkerTag Of(MarkerKind kind, bool negated) =>
        All.FirstOrDefault(t => t.Kind == kind && t.Negated == negated)
        ?? throw new ArgumentException($"No tag builds a negated {kind}.", nameof(negated));
}
