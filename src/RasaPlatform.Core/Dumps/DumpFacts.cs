namespace RasaPlatform.Core.Dumps;

/// <summary>What a debug dump's header says about the events it holds.</summary>
/// <param name="SenderId">The conversation.</param>
/// <param name="FirstEventTime">Timestamp of the first event in arrival order (Unix seconds); null without events.</param>
/// <param name="LastEventTime">Timestamp of the last event in arrival order (Unix seconds); null without events.</param>
/// <param name="EventCount">Events in the dump.</param>
/// <param name="UserMessages"><c>user</c> events.</param>
/// <param name="BotMessages"><c>bot</c> events.</param>
/// <param name="SessionStarts"><c>session_started</c> events.</param>
/// <param name="Intents">Distinct intent names of the user messages, sorted ordinally.</param>
/// <param name="LatestInputChannel">The <c>input_channel</c> of the last user message; null when it has none.</param>
/// <param name="FlaggedMessages">Messages (<c>user</c>, <c>bot</c>, <c>agent</c>) that are flagged.</param>
public sealed record DumpFacts(
    string SenderId,
    double? FirstEventTime,
    double? LastEventTime,
    long EventCount,
    long UserMessages,
    long BotMessages,
    long SessionStarts,
    IReadOnlyList<string> Intents,
    string? LatestInputChannel,
    long FlaggedMessages);
