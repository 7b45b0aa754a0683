namespace RasaPlatform.Core.Storage;

/// <summary>What tagging needs to know of a stored conversation before it links a tag.</summary>
/// <param name="Revision">The conversation's revision: every write bumps it.</param>
/// <param name="Assistant">
/// The assistant the metadata job saved for the conversation, when that metadata was folded at
/// <paramref name="Revision"/> (so it is the assistant of the events as they are now); null when the metadata is missing
/// or older, and the assistant must be determined from the events.
/// </param>
public sealed record TaggableConversation(long Revision, string? Assistant);
