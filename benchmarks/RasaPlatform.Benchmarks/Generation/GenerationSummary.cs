namespace RasaPlatform.Benchmarks.Generation;

/// <summary>What a generation run wrote.</summary>
/// <param name="Conversations">Conversations written.</param>
/// <param name="Events">Events (lines) written.</param>
/// <param name="Bytes">Bytes written, newlines included.</param>
/// <param name="LongestConversation">The most events in one conversation.</param>
public sealed record GenerationSummary(long Conversations, long Events, long Bytes, int LongestConversation);
