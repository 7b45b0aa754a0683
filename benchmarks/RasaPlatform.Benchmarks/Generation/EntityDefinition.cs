namespace RasaPlatform.Benchmarks.Generation;

/// <summary>An entity the NLU extracts, and the slot of the same name it fills.</summary>
/// <param name="Name">The entity and slot name.</param>
/// <param name="Extractor">The Rasa component credited with it, e.g. <c>DIETClassifier</c>.</param>
/// <param name="Values">Surface forms to draw from; a <c>#</c> in one stands for a random digit.</param>
/// <param name="NumericSlot">Whether the slot is a float slot (its <c>slot</c> event carries a number).</param>
public sealed record EntityDefinition(string Name, string Extractor, IReadOnlyList<string> Values, bool NumericSlot = false)
{
    /// <summary>Whether the extractor reports a <c>confidence_entity</c> (regex matches carry none).</summary>
    public bool HasConfidence => Extractor != "RegexEntityExtractor";
}
