using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Storage;

/// <summary>Events to store for one conversation.</summary>
/// <param name="SenderId">The conversation; validated by <see cref="Conversations.SenderIds"/>.</param>
/// <param name="Mode">Whether the events extend or replace what is stored.</param>
/// <param name="Events">The events in arrival order.</param>
public sealed record ConversationWrite(string SenderId, WriteMode Mode, IReadOnlyList<IncomingEvent> Events);
