namespace RasaPlatform.Core.Markers;

/// <summary>A node of a marker definition: a tag with its sub-markers, or a condition with its text.</summary>
/// <param name="Tag">The tag, which says what the node evaluates and whether it is negated.</param>
/// <param name="Text">A condition's action, intent or slot name; null for an operator.</param>
/// <param name="SubMarkers">An operator's sub-markers, in order; empty for a condition.</param>
public sealed record MarkerNode(MarkerTag Tag, string? Text, IReadOnlyList<MarkerNode> SubMarkers)
{
    /// <summary>A condition node.</summary>
    public static MarkerNode Condition(MarkerTag tag, string text) => new(tag, text, []);

    /// <summary>An operator node.</summary>
    public static MarkerNode Operator(MarkerTag tag, IReadOnlyList<MarkerNode> subMarkers) => new(tag, null, subMarkers);

    /// <summary>How many levels the node spans: 1 for a condition.</summary>
    public int Depth => 1 + (SubMarkers.Count == 0 ? 0 : SubMarkers.Max(m => m.Depth));
}

/// <summary>A named marker of a configuration.</summary>
/// <param name="Name">Its name: unique in the configuration, never a tag.</param>
/// <param name="Description">Its documentation, if given.</param>
/// <param name="Root">What it evaluates.</param>
public sealed record MarkerDefinition(string Name, string? Description, MarkerNode Root);

/// <summary>An assistant's marker configuration: its markers in the order they were configured.</summary>
public sealed record MarkerConfiguration(IReadOnlyList<MarkerDefinition> Markers)
{
    /// <summary>The most markers one configuration holds.</summary>
    public const int MaximumMarkers = 200;

    /// <summary>The deepest a marker may nest (Rasa sets none; a limit keeps evaluation and validation bounded).</summary>
    public const int MaximumDepth = 32;

    /// <summary>The most nodes one marker may have.</summary>
    public const int MaximumNodes = 1_000;

    /// <summary>The longest a marker's name, or a condition's text, may be.</summary>
    public const int MaximumNameLength = 200;
}
