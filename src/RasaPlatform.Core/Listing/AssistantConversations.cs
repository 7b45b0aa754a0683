namespace RasaPlatform.Core.Listing;

/// <summary>An assistant that has conversations, and how many.</summary>
/// <param name="Name">The assistant's name, as its conversations' metadata (or the configured default) give it.</param>
/// <param name="Conversations">How many conversations belong to it (those the metadata job has folded); at least 1.</param>
public sealed record AssistantConversations(string Name, long Conversations);
