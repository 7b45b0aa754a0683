using NodaTime;

namespace RasaPlatform.Core.Analytics;

/// <summary>One session of a conversation, as analytics counts it (see <see cref="ConversationActivity"/>).</summary>
/// <param name="Start">The earliest timestamp among the session's events: the instant that places it in a bin.</param>
/// <param name="End">The latest timestamp among the session's events; not before <paramref name="Start"/>.</param>
/// <param name="UserMessages">The session's <c>user</c> events (its conversation steps).</param>
/// <param name="IsFirst">Whether it is its conversation's first session (a new user).</param>
public readonly record struct SessionActivity(Instant Start, Instant End, int UserMessages, bool IsFirst)
{
    /// <summary><c>End - Start</c>: from the session's first event to its last, never the idle time after it.</summary>
    public Duration Length => End - Start;
}
