namespace RasaPlatform.Core.Events;

/// <summary>A validated event on its way into the store.</summary>
/// <param name="Type">The event's <c>event</c> field.</param>
/// <param name="Timestamp">Unix seconds, as the event carried it or as the platform stamped it on receipt.</param>
/// <param name="Json">The event as compact JSON: every field as received, in the order received.</param>
/// <param name="ContentHash">A 64-bit hash of <paramref name="Json"/>; equal events have equal hashes.</param>
/// <param name="Name">The event's top-level <c>name</c> when it is a string (action, slot, loop, followup names).</param>
public sealed record IncomingEvent(string Type, double Timestamp, string Json, long ContentHash, string? Name = null);
