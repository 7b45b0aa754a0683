namespace RasaPlatform.Core.Events;

/// <summary>An event as the store returns it.</summary>
/// <param name="Sequence">Arrival order within the store: strictly increasing within one conversation.</param>
/// <param name="Type">The event's <c>event</c> field.</param>
/// <param name="Timestamp">Unix seconds.</param>
/// <param name="Json">The event exactly as stored: compact JSON of what was received.</param>
/// <param name="Name">The event's top-level string <c>name</c>, as the store indexed it; null when it has none or the
/// source did not say (readers then look in <paramref name="Json"/>).</param>
public sealed record StoredEvent(long Sequence, string Type, double Timestamp, string Json, string? Name = null);
