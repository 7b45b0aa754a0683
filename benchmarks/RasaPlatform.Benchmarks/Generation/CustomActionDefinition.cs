namespace RasaPlatform.Benchmarks.Generation;

/// <summary>A custom action run by the action server; it answers with one of <paramref name="Texts"/>.</summary>
/// <param name="Name">The action name.</param>
/// <param name="Texts">Answers; <c>{slot}</c> is replaced by the slot's value.</param>
/// <param name="ResetSlotsChance">Probability that it also emits <c>reset_slots</c>.</param>
/// <param name="Undoes">Whether it ends with <c>undo</c> (Rasa's <c>ActionReverted</c>).</param>
public sealed record CustomActionDefinition(string Name, IReadOnlyList<string> Texts, double ResetSlotsChance = 0, bool Undoes = false);
