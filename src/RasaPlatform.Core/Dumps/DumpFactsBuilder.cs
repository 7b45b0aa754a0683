using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Dumps;

/// <summary>Counts a dump's facts over its events, one at a time; holds only the distinct intent names.</summary>
internal sealed class DumpFactsBuilder(string senderId)
{
    private readonly SortedSet<string> _intents = new(StringComparer.Ordinal);
    private double? _first;
    private double? _last;
    private long _events;
    private long _user;
    private long _bot;
    private long _sessions;
    private long _flagged;
    private string? _inputChannel;

    public void Add(StoredEvent stored, bool isFlagged)
    {
        _first ??= stored.Timestamp;
        _last = stored.Timestamp;
        _events++;
        _flagged += isFlagged ? 1 : 0;
        switch (stored.Type)
        {
            case EventTypes.User:
                _user++;
                var user = DumpEvent.Parse(stored);
                if (user.Intent is { } intent)
                {
                    _intents.Add(intent);
                }

                _inputChannel = user.InputChannel;
                break;
            case EventTypes.Bot:
                _bot++;
                break;
            case EventTypes.SessionStarted:
                _sessions++;
                break;
        }
    }

    /// <summary>Forgets everything counted: the events so far are history that the dump leaves out.</summary>
    public void Clear()
    {
        _intents.Clear();
        (_first, _last, _inputChannel) = (null, null, null);
        (_events, _user, _bot, _sessions, _flagged) = (0, 0, 0, 0, 0);
    }

    public DumpFacts Build() =>
        new(senderId, _first, _last, _events, _user, _bot, _sessions, [.. _intents], _inputChannel, _flagged);
}
