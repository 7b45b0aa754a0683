namespace RasaPlatform.Core.Storage;

/// <summary>A conversation whose metadata is stale, as the metadata queue holds it.</summary>
/// <param name="ConversationId">The store's id of the conversation.</param>
/// <param name="SenderId">The conversation's sender id.</param>
/// <param name="Revision">The conversation's revision when it was last queued: one more for every write to it.</param>
/// <param name="Attempts">How many times its fold or save has failed since it was queued; 0 for most.</param>
public sealed record MetadataWorkItem(long ConversationId, string SenderId, long Revision, int Attempts = 0);
