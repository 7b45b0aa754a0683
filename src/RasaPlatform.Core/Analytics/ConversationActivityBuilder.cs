using System.Text.Json;
using NodaTime;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Analytics;

/// <summary>Folds a conversation's events, in arrival order, into its <see cref="ConversationActivity"/>.</summary>
/// <remarks>The session rules are on <see cref="ConversationActivity"/>. Not thread-safe.</remarks>
public sealed class ConversationActivityBuilder(string senderId)
{
    private const string ActionSessionStart = "action_session_start";

    private readonly List<MessageActivity> _messages = [];
    private readonly List<SessionActivity> _sessions = [];
    private Run? _current;

    // An action_session_start not yet placed: it opens a session if session_started follows it.
    private Instant? _pendingSessionStart;

    /// <summary>Folds in the next event in arrival order.</summary>
    public void Add(StoredEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var time = EventTimestamps.InstantOf(stored.Timestamp);
        if (stored.Type == EventTypes.SessionStarted)
        {
            Close();
            _current = new Run(_pendingSessionStart ?? time);
            _pendingSessionStart = null;
            _current.Add(time);
            return;
        }

        PlacePending();
        if (stored.Type == EventTypes.Action && ActionName(stored) == ActionSessionStart)
        {
            _pendingSessionStart = time;
            return;
        }

        _current ??= new Run(time);
        _current.Add(time);
        if (stored.Type is EventTypes.User or EventTypes.Bot)
        {
            var isUser = stored.Type == EventTypes.User;
            _messages.Add(new MessageActivity(time, isUser));
            _current.AddMessage(isUser);
        }
        else if (stored.Type == EventTypes.Restart)
        {
            Close();
        }
    }

    /// <summary>The activity of the events folded in so far; the builder can go on folding afterwards.</summary>
    public ConversationActivity Build()
    {
        var sessions = new List<SessionActivity>(_sessions);
        var tail = _current?.Copy();
        if (_pendingSessionStart is { } pending)
        {
            tail ??= new Run(pending);
            tail.Add(pending);
        }

        if (tail?.ToSession(sessions.Count == 0) is { } last)
        {
            sessions.Add(last);
        }

        return new ConversationActivity(senderId, [.. _messages], sessions);
    }

    private void PlacePending()
    {
        if (_pendingSessionStart is { } pending)
        {
            _current ??= new Run(pending);
            _current.Add(pending);
            _pendingSessionStart = null;
        }
    }

    private void Close()
    {
        if (_current?.ToSession(_sessions.Count == 0) is { } session)
        {
            _sessions.Add(session);
        }

        _current = null;
    }

    private static string? ActionName(StoredEvent stored)
    {
        if (stored.Name is { } name)
        {
            return name;
        }

        using var document = JsonDocument.Parse(stored.Json);
        return document.RootElement.TryGetProperty("name", out var value) && value.TryGetText(out var text) ? text : null;
    }

    /// <summary>The events between two session boundaries.</summary>
    private sealed class Run(Instant first)
    {
        private Instant _earliest = first;
        private Instant _latest = first;
        private int _userMessages;
        private bool _hasMessage;

        public void Add(Instant time)
        {
            _earliest = Instant.Min(_earliest, time);
            _latest = Instant.Max(_latest, time);
        }

        public void AddMessage(bool isUser)
        {
            _hasMessage = true;
            _userMessages += isUser ? 1 : 0;
        }

        public Run Copy() => (Run)MemberwiseClone();

        public SessionActivity? ToSession(bool isFirst) =>
            _hasMessage ? new SessionActivity(_earliest, _latest, _userMessages, isFirst) : null;
    }
}
