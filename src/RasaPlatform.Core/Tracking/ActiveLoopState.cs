namespace RasaPlatform.Core.Tracking;

/// <summary>The active loop (form) of a tracker, as Rasa 3 reports it.</summary>
/// <param name="Name">The loop's name.</param>
/// <param name="IsInterrupted">Whether the user left the loop's happy path.</param>
/// <param name="Rejected">Whether the loop's action rejected its execution.</param>
/// <param name="TriggerMessageJson">The parse data of the message that activated the loop, as raw JSON; null if none.</param>
public sealed record ActiveLoopState(string Name, bool IsInterrupted, bool Rejected, string? TriggerMessageJson);
