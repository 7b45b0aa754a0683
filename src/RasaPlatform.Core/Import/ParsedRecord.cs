using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Import;

/// <summary>A validated record: the events it brings to one conversation.</summary>
/// <param name="SenderId">The conversation; valid by <see cref="Conversations.SenderIds"/>.</param>
/// <param name="IsWholeConversation">
/// True for a tracker dump or conversation document, whose events form one append; false for a single event.
/// </param>
/// <param name="Events">The record's events in file order.</param>
internal sealed record ParsedRecord(string SenderId, bool IsWholeConversation, IReadOnlyList<IncomingEvent> Events);
