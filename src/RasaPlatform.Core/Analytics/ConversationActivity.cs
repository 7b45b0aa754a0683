namespace RasaPlatform.Core.Analytics;

/// <summary>
/// The facts analytics needs from one conversation: its messages and its sessions. Every analytics value is a fold of
/// these facts over bins (<see cref="AnalyticsCalculator"/>), so a store that keeps them, or sums of them per time
/// bucket, computes what a fold over raw events computes.
/// </summary>
/// <remarks>
/// <para>Built by <see cref="ConversationActivityBuilder"/> from the events in arrival order. Sessions are cut there:</para>
/// <list type="bullet">
/// <item>The conversation's first event opens its first session.</item>
/// <item>A <c>session_started</c> event opens a new session. The <c>action</c> event <c>action_session_start</c>
/// right before it (in arrival order), which Rasa ≥ 1.6 writes first, belongs to the new session: it neither opens an
/// empty session before it nor stretches the previous session over the idle time between them.</item>
/// <item>A <c>restart</c> event closes the session it ends (it belongs to it, as the user's <c>/restart</c> does); the
/// next event opens a new session. Rasa ≥ 1.6 follows a restart with <c>action_session_start</c> and
/// <c>session_started</c> at the next message, which then open that one session; a Rasa before 1.6 writes no
/// <c>session_started</c>, and its restarts still separate sessions, as Rasa's replay does.</item>
/// <item>A stretch of events without any <c>user</c> or <c>bot</c> message is not a session: repeated
/// <c>session_started</c> events, or a session the channel started that nobody spoke in, count nowhere. So every
/// session holds a message and none is a phantom.</item>
/// </list>
/// <para>
/// A session's start and end are the earliest and latest timestamps of its events (real trackers are not always in
/// time order). The first session is the first in arrival order, whatever time range is later asked for. Once built,
/// the facts of every session but the last never change when more events are appended.
/// </para>
/// </remarks>
/// <param name="SenderId">The conversation.</param>
/// <param name="Messages">Every <c>user</c> and <c>bot</c> event, in arrival order.</param>
/// <param name="Sessions">The sessions, in arrival order; the first has <see cref="SessionActivity.IsFirst"/> set.</param>
public sealed record ConversationActivity(string SenderId, IReadOnlyList<MessageActivity> Messages, IReadOnlyList<SessionActivity> Sessions)
{
    /// <summary>The activity of a whole conversation, from its events in arrival order.</summary>
    public static ConversationActivity FromEvents(string senderId, IEnumerable<Events.StoredEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var builder = new ConversationActivityBuilder(senderId);
        foreach (var e in events)
        {
            builder.Add(e);
        }

        return builder.Build();
    }
}
