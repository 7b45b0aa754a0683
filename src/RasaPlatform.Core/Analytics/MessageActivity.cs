using NodaTime;

namespace RasaPlatform.Core.Analytics;

/// <summary>One message of a conversation, as analytics counts it.</summary>
/// <param name="Time">The message event's timestamp.</param>
/// <param name="IsUser">True for a <c>user</c> event, false for a <c>bot</c> event.</param>
/// <remarks>Other event types, <c>agent</c> included, are not messages for analytics (as in Rasa X).</remarks>
public readonly record struct MessageActivity(Instant Time, bool IsUser);
