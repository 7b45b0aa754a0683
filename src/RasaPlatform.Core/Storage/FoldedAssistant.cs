namespace RasaPlatform.Core.Storage;

/// <summary>A stored conversation's assistant as the metadata job folded it.</summary>
/// <param name="AssistantId">
/// <c>conversation_metadata.assistant_id</c>: the folded assistant, null when there is no fold yet or the events named
/// none.
/// </param>
/// <param name="IsCurrent">Whether the fold is of the conversation's current revision (no write since).</param>
public sealed record FoldedAssistant(string? AssistantId, bool IsCurrent);
