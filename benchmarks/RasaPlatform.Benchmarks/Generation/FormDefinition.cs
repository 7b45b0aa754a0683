namespace RasaPlatform.Benchmarks.Generation;

/// <summary>A form: asks for its required slots in order, then runs its submit action.</summary>
public sealed record FormDefinition(string Name, IReadOnlyList<string> RequiredSlots, string SubmitAction);
