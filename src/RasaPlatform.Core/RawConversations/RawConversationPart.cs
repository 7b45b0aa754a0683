using RasaPlatform.Core.Tags;

namespace RasaPlatform.Core.RawConversations;

/// <summary>
/// A piece of a raw export page as the store reads it: first one <see cref="RawConversationCount"/>, then for each
/// conversation of the page, in order, one <see cref="RawConversationStart"/> followed by its events.
/// </summary>
public abstract record RawConversationPart;

/// <summary>How many conversations match the query, regardless of paging.</summary>
public sealed record RawConversationCount(long Count) : RawConversationPart;

/// <summary>The next conversation of the page; its events follow.</summary>
/// <param name="SenderId">The conversation id.</param>
/// <param name="Tags">The tags it carries, ordinally by name, then by id.</param>
/// <param name="ReviewStatus">Where its review is.</param>
public sealed record RawConversationStart(string SenderId, IReadOnlyList<ConversationTag> Tags, Reviews.ReviewStatus ReviewStatus = Reviews.ReviewStatus.Unread) : RawConversationPart;

/// <summary>An event of the current conversation, exactly as stored, in arrival order.</summary>
public sealed record RawConversationEvent(string Json) : RawConversationPart;
