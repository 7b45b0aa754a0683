namespace RasaPlatform.Core.Listing;

/// <summary>
/// What the in-process <see cref="ListingIndex"/> keeps of one conversation's metadata: the columns the listing's
/// filters (other than text and tags) and orders read. Its names arrive separately.
/// </summary>
/// <param name="ConversationId">The store's id of the conversation; the order's last tie-break.</param>
/// <param name="LatestEventTime">Unix seconds; null for a conversation without events.</param>
/// <param name="LatestUserEventTime">Unix seconds; null without user messages.</param>
/// <param name="MinimumActionConfidence">Null without a predicted action.</param>
/// <param name="MinimumIntentConfidence">Null without a classified user message.</param>
/// <param name="UserMessages">How many user messages, 0 or more.</param>
/// <param name="InputChannel">The latest input channel, or null.</param>
/// <param name="Assistant">The assistant the conversation belongs to, or null (not resolved yet).</param>
/// <param name="InTrainingData">Rasa X's memoization flag.</param>
/// <param name="Flagged">Whether some message of it is flagged.</param>
/// <param name="Marks">The facts the filters with a condition ask (<see cref="Filters.ListingCondition"/>).</param>
public readonly record struct ListingRow(
    long ConversationId,
    double? LatestEventTime,
    double? LatestUserEventTime,
    double? MinimumActionConfidence,
    double? MinimumIntentConfidence,
    int UserMessages,
    string? InputChannel,
    string? Assistant,
    bool InTrainingData,
    bool Flagged,
    ListingMarks Marks = ListingMarks.None);
