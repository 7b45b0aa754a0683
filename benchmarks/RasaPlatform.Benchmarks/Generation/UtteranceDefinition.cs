namespace RasaPlatform.Benchmarks.Generation;

/// <summary>A response (<c>utter_*</c>) of the domain: text variations, optional buttons and image.</summary>
public sealed record UtteranceDefinition(
    string Name,
    IReadOnlyList<string> Texts,
    IReadOnlyList<ButtonDefinition>? Buttons = null,
    string? Image = null);
