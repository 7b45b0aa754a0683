namespace RasaPlatform.Benchmarks.Generation;

/// <summary>An intent of the domain with its example messages and the actions that answer it.</summary>
/// <param name="Name">The intent name.</param>
/// <param name="Weight">Relative frequency as a free user move; 0 for intents only used in context.</param>
/// <param name="Handling">Which policy answers it.</param>
/// <param name="Examples">Message templates.</param>
/// <param name="Responses">Action names run in order (utterances or custom actions); for a form, empty.</param>
/// <param name="Form">The form it activates, for <see cref="IntentHandling.Form"/>.</param>
public sealed record IntentDefinition(
    string Name,
    double Weight,
    IntentHandling Handling,
    IReadOnlyList<MessageTemplate> Examples,
    IReadOnlyList<string> Responses,
    string? Form = null);
