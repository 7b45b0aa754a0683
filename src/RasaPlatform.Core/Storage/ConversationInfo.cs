namespace RasaPlatform.Core.Storage;

/// <summary>A stored conversation's summary.</summary>
/// <param name="SenderId">The conversation id.</param>
/// <param name="EventCount">Number of stored events.</param>
/// <param name="LatestEventTime">Timestamp (Unix seconds) of the last event in arrival order; null without events.</param>
public sealed record ConversationInfo(string SenderId, long EventCount, double? LatestEventTime);
