namespace RasaPlatform.Core.Tags;

/// <summary>A tag reviewers put on conversations of one assistant (Rasa Studio's <c>ConversationTag</c>).</summary>
/// <param name="Id">The store's id: positive, never reused after the tag is deleted.</param>
/// <param name="Name">Unique within <paramref name="Assistant"/> (ordinal comparison); see <see cref="TagArguments.Name"/>.</param>
/// <param name="Assistant">The assistant the tag belongs to; only its conversations can carry the tag.</param>
public sealed record ConversationTag(long Id, string Name, string Assistant);
