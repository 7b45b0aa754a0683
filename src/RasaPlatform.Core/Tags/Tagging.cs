namespace RasaPlatform.Core.Tags;

/// <summary>What <see cref="TagService.TagAsync"/> did, with what an error message needs.</summary>
/// <param name="Result">The outcome.</param>
/// <param name="ConversationAssistant">The assistant the conversation belongs to, once known.</param>
/// <param name="TagAssistant">With <see cref="TagLinkResult.OtherAssistant"/>, the tag's assistant.</param>
public sealed record Tagging(TagLinkResult Result, string? ConversationAssistant = null, string? TagAssistant = null);
