using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Storage;

/// <summary>One conversation's events, all of them, in arrival order: an item of <see cref="IConversationStore.ReadConversationsAsync"/>.</summary>
/// <param name="SenderId">The conversation's sender id.</param>
/// <param name="Events">Every stored event of the conversation, in arrival order; never empty.</param>
public sealed record ConversationEvents(string SenderId, IReadOnlyList<StoredEvent> Events);
