namespace RasaPlatform.Benchmarks.Generation;

/// <summary>An entity found in a user message.</summary>
/// <param name="Entity">The entity name.</param>
/// <param name="RawValue">The value as raw JSON (a string literal or a number).</param>
/// <param name="Start">First character (inclusive) of the mention in the text.</param>
/// <param name="End">Last character (exclusive) of the mention in the text.</param>
/// <param name="Confidence">The extractor's <c>confidence_entity</c>, when it reports one.</param>
/// <param name="Extractor">The extractor, or null for entities in a <c>/intent{...}</c> payload.</param>
public readonly record struct EntityMention(string Entity, string RawValue, int Start, int End, double? Confidence, string? Extractor);
