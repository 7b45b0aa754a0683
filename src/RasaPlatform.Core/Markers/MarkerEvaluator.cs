namespace RasaPlatform.Core.Markers;

/// <summary>Where a marker applied: one row of Rasa's extracted-markers file, with the event's time.</summary>
/// <param name="Marker">The marker's name.</param>
/// <param name="SessionIndex">The session, counted from 0 in the conversation.</param>
/// <param name="EventIndex">The event's position among all the conversation's events, from 0.</param>
/// <param name="PrecedingUserTurns">How many <c>user</c> events came earlier in the same session.</param>
/// <param name="Timestamp">The event's time, Unix seconds.</param>
public sealed record MarkerApplication(string Marker, int SessionIndex, int EventIndex, int PrecedingUserTurns, double Timestamp);

/// <summary>A session as markers see it: from an <c>action_session_start</c> to the next (or the whole conversation).</summary>
/// <param name="Index">Its position in the conversation, from 0.</param>
/// <param name="EventIndex">The position of its first event among all the conversation's events.</param>
/// <param name="StartTime">Its first event's time, Unix seconds.</param>
public sealed record MarkerSession(int Index, int EventIndex, double StartTime);

/// <summary>A conversation's marker results: its sessions and, per session, where each marker applied.</summary>
/// <param name="Sessions">Every session, whether a marker applied in it or not.</param>
/// <param name="Applications">Ordered by session, marker (configuration order), event: the order of Rasa's file.</param>
public sealed record MarkerResults(IReadOnlyList<MarkerSession> Sessions, IReadOnlyList<MarkerApplication> Applications)
{
    /// <summary>No sessions and no applications.</summary>
    public static MarkerResults None { get; } = new([], []);
}

/// <summary>
/// Evaluates a marker configuration over a conversation's events as REFERENCE.md §7 states: in stored order without
/// replay, each session on its own, every marker starting fresh in each session (a <c>seq</c>'s progress included),
/// negated tags negated. Thread-safe: each evaluation builds its own state.
/// </summary>
public sealed class MarkerEvaluator(MarkerConfiguration configuration)
{
    /// <summary>The configuration evaluated.</summary>
    public MarkerConfiguration Configuration { get; } = configuration ?? throw new ArgumentNullException(nameof(configuration));

    /// <summary>The sessions of the events and the applications of every marker in each.</summary>
    public MarkerResults Evaluate(IReadOnlyList<MarkerEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var sessions = Sessions(events);
        if (sessions.Count == 0)
        {
            return MarkerResults.None;
        }

        var markers = Configuration.Markers.Select(m => (m.Name, Root: Compile(m.Root), FirstOnly: m.Root.Tag.Kind == MarkerKind.AtLeastOnce)).ToArray();
        var applications = new List<MarkerApplication>();
        for (var s = 0; s < sessions.Count; s++)
        {
            var from = sessions[s].EventIndex;
            var to = s + 1 < sessions.Count ? sessions[s + 1].EventIndex : events.Count;
            foreach (var (name, root, firstOnly) in markers)
            {
                root.Reset();
                var userTurns = 0;
                var found = false;
                for (var i = from; i < to; i++)
                {
                    var e = events[i];
                    if (root.Next(e) && !(firstOnly && found))
                    {
                        applications.Add(new MarkerApplication(name, s, i, userTurns, e.Timestamp));
                        found = true;
                    }

                    if (e.Kind == MarkerEventKind.User)
                    {
                        userTurns++;
                    }
                }
            }
        }

        return new MarkerResults(sessions, applications);
    }

    /// <summary>
    /// The sessions: one from each <c>action_session_start</c> to the next, events before the first belonging to none;
    /// the whole conversation when none starts one.
    /// </summary>
    public static IReadOnlyList<MarkerSession> Sessions(IReadOnlyList<MarkerEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var sessions = new List<MarkerSession>();
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].StartsSession)
            {
                sessions.Add(new MarkerSession(sessions.Count, i, events[i].Timestamp));
            }
        }

        if (sessions.Count == 0 && events.Count > 0)
        {
            sessions.Add(new MarkerSession(0, 0, events[0].Timestamp));
        }

        return sessions;
    }

    private static NodeState Compile(MarkerNode node)
    {
        var tag = node.Tag;
        NodeState step = tag.Kind switch
        {
            MarkerKind.Action => new Condition(e => e.Kind == MarkerEventKind.Action && e.Name == node.Text),
            MarkerKind.Intent => new Condition(e => e.Kind == MarkerEventKind.User && (e.Name == node.Text || e.RetrievalIntent == node.Text)),
            MarkerKind.SlotWasSet => new SlotWasSet(node.Text!),
            MarkerKind.And or MarkerKind.Or or MarkerKind.Not => new Operator(node.SubMarkers.Select(Compile).ToArray(), tag.Kind),
            MarkerKind.Sequence => new Sequence(node.SubMarkers.Select(Compile).ToArray()),
            MarkerKind.AtLeastOnce => new AtLeastOnce(Compile(node.SubMarkers[0])),
            _ => throw new InvalidOperationException($"No evaluation for {tag.Kind}."),
        };
        return tag.Negated ? new Negation(step) : step;
    }

    /// <summary>One node's state through a session: its value at each event, its sub-markers stepped first.</summary>
    private abstract class NodeState
    {
        public abstract bool Next(in MarkerEvent e);

        public virtual void Reset()
        {
        }
    }

    private sealed class Condition(Func<MarkerEvent, bool> applies) : NodeState
    {
        public override bool Next(in MarkerEvent e) => applies(e);
    }

    private sealed class SlotWasSet(string slot) : NodeState
    {
        private bool _set;

        public override bool Next(in MarkerEvent e)
        {
            if (e.Kind == MarkerEventKind.Slot && e.Name == slot)
            {
                _set = e.SetsValue;
            }

            return _set;
        }

        public override void Reset() => _set = false;
    }

    private sealed class Negation(NodeState inner) : NodeState
    {
        public override bool Next(in MarkerEvent e) => !inner.Next(e);

        public override void Reset() => inner.Reset();
    }

    /// <summary>An operator over the values its sub-markers take at the same event; every sub-marker steps, none is skipped.</summary>
    private sealed class Operator(NodeState[] subMarkers, MarkerKind kind) : NodeState
    {
        public override bool Next(in MarkerEvent e)
        {
            var all = true;
            var any = false;
            foreach (var sub in subMarkers)
            {
                var value = sub.Next(e);
                all &= value;
                any |= value;
            }

            return kind switch
            {
                MarkerKind.And => all,
                MarkerKind.Or => any,
                _ => !any,
            };
        }

        public override void Reset()
        {
            foreach (var sub in subMarkers)
            {
                sub.Reset();
            }
        }
    }

    private sealed class Sequence(NodeState[] subMarkers) : NodeState
    {
        private readonly bool[] _values = new bool[subMarkers.Length];
        private int _progress;

        public override bool Next(in MarkerEvent e)
        {
            for (var i = 0; i < subMarkers.Length; i++)
            {
                _values[i] = subMarkers[i].Next(e);
            }

            if (_values[_progress])
            {
                _progress++;
            }

            if (_progress < subMarkers.Length)
            {
                return false;
            }

            _progress = 0;
            return true;
        }

        public override void Reset()
        {
            _progress = 0;
            foreach (var sub in subMarkers)
            {
                sub.Reset();
            }
        }
    }

    private sealed class AtLeastOnce(NodeState inner) : NodeState
    {
        private bool _seen;

        public override bool Next(in MarkerEvent e)
        {
            _seen |= inner.Next(e);
            return _seen;
        }

        public override void Reset()
        {
            _seen = false;
            inner.Reset();
        }
    }
}
