using NodaTime;

namespace RasaPlatform.Core.Feeds;

/// <summary>What a feed's commit records beside its events.</summary>
/// <param name="Feed">The feed's name, e.g. <c>rabbitmq</c> or <c>sql-event-broker</c>.</param>
/// <param name="Position">The feed's new position (the last source row the commit covers); null to leave it as it is.</param>
/// <param name="Rejects">The messages of the commit that can never be stored.</param>
public sealed record FeedProgress(string Feed, long? Position, IReadOnlyList<FeedReject> Rejects);

/// <summary>A message a feed refused, with the reason.</summary>
/// <param name="Source">Where it came from: the queue, or the source row (<c>queue rasa_core_events</c>, <c>row 42</c>).</param>
/// <param name="SenderId">The conversation it named, when it named a valid one.</param>
/// <param name="Field">The offending field (<c>message</c>, <c>sender_id</c>, <c>message.timestamp</c>, …).</param>
/// <param name="Reason">Why it was refused.</param>
/// <param name="Body">The message as text (invalid UTF-8 replaced, NUL removed), at most <see cref="FeedReject.MaxBodyLength"/> characters.</param>
/// <param name="BodyHash">The content hash of the body's bytes as received: one rejected message per feed and hash is kept.</param>
/// <param name="ReceivedAt">When it was received.</param>
public sealed record FeedReject(string Source, string? SenderId, string Field, string Reason, string Body, long BodyHash, Instant ReceivedAt)
{
    /// <summary>The longest body kept, in characters; longer ones are cut.</summary>
    public const int MaxBodyLength = 65_536;
}

/// <summary>A rejected message as the store keeps it.</summary>
public sealed record StoredFeedReject(string Feed, FeedReject Reject);
