using RasaPlatform.Core.Events;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Core.Tracking;

/// <summary>Builds a tracker's state from its events by the rules Rasa's <c>DialogueStateTracker</c> applies.</summary>
/// <remarks>
/// Feed events in arrival order with <see cref="Apply"/>. <c>restart</c> and <c>session_started</c> reset the state
/// (a restart also schedules <c>action_session_start</c>); <c>undo</c> and <c>rewind</c> reset it and replay the
/// applied events, which leave out what was reverted. It holds a record of a few words for each event since the
/// latest reset, not the whole conversation, and the JSON of the few user messages the state shows: the latest
/// message, the last user event and the active loop's trigger. When an undo or rewind brings back a message it has let
/// go, <see cref="SnapshotAsync"/> reads that message again. Not thread-safe.
/// </remarks>
public sealed partial class TrackerReplayer
{
    private const string ActionListen = "action_listen";
    private const string ActionSessionStart = "action_session_start";

    private readonly string _senderId;
    private readonly NameTable _names = new();
    // The events since the latest restart or session start: what re-folding the applied events needs (a reset clears
    // them), so replay holds one session, not the whole conversation.
    private readonly List<ReplayEvent> _all = [];
    private int _count;
    private readonly List<KeyValuePair<string, string>> _slots = [];
    private readonly Dictionary<string, int> _slotIndex = new(StringComparer.Ordinal);
    private readonly HashSet<string> _loopNames = new(StringComparer.Ordinal);
    private readonly List<ReplayEvent> _applied = [];
    // The user messages holding their JSON: those the state shows (Shown); Apply lets go of the others.
    private readonly List<UserMessage> _holdingJson = [];
    private int _appliedLoopNames;
    private int _lastRestartIndex = -1;
    private UserMessage? _lastUserEvent;
    private double? _latestEventTime;

    private UserMessage? _latestMessage;

    // Entities added to the latest message by `entities` events, in order and unmerged; null while it has only its own.
    private List<string>? _addedEntities;
    private string? _followupAction = ActionListen;
    private bool _paused;
    private string? _latestAction;
    private bool _latestActionIsText;
    private MutableLoop? _activeLoop;

    public TrackerReplayer(string senderId)
    {
        _senderId = senderId;
    }

    /// <summary>Index of the first event after the most recent <c>restart</c>; 0 without one.</summary>
    public int FirstIndexAfterLatestRestart => _lastRestartIndex + 1;

    /// <summary>Applies the next event in arrival order.</summary>
    public void Apply(StoredEvent stored)
    {
        var replay = ReplayEvent.Parse(stored, _count++, _names);
        if (replay.Type is EventTypes.Restart or EventTypes.SessionStarted)
        {
            _all.Clear();
        }

        _all.Add(replay);
        _latestEventTime = stored.Timestamp;
        switch (replay.Type)
        {
            case EventTypes.User:
                _lastUserEvent = new UserMessage(stored.Sequence, stored.Json);
                _holdingJson.Add(_lastUserEvent);
                break;
            case EventTypes.Restart:
                _lastRestartIndex = replay.Index;
                break;
            case EventTypes.ActiveLoop when replay.Name is { } loopName:
                _loopNames.Add(loopName);
                break;
        }

        FoldApplied(replay);
        Update(replay);
        _holdingJson.RemoveAll(message => !IsShown(message));
    }

    /// <summary>
    /// The state after every event applied so far, reading again through <paramref name="readAgain"/> the user
    /// messages it shows that the replay let go of (only after an undo or rewind brings back an earlier one).
    /// </summary>
    /// <param name="readAgain">Reads the conversation's events in a range of sequences, as <see cref="Apply"/> had them.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="InvalidOperationException">The read did not find a message the replay saw: the conversation was replaced.</exception>
    public async ValueTask<TrackerState> SnapshotAsync(
        Func<SequenceRange, CancellationToken, IAsyncEnumerable<StoredEvent>> readAgain,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readAgain);
        var missing = Shown().Where(message => !message.HasJson).Distinct().ToList();
        if (missing.Count > 0)
        {
            var range = new SequenceRange(missing.Min(message => message.Sequence), missing.Max(message => message.Sequence));
            await foreach (var stored in readAgain(range, cancellationToken).ConfigureAwait(false))
            {
                _holdingJson.AddRange(missing.Where(message => message.TakeBackJson(stored)));
            }

            if (missing.Find(message => !message.HasJson) is { } lost)
            {
                throw new InvalidOperationException(
                    $"Conversation '{_senderId}' changed while it was being read: no user message at sequence {lost.Sequence}.");
            }
        }

        return Snapshot();
    }

    /// <summary>The state after every event applied so far, when every message it shows is at hand.</summary>
    private TrackerState Snapshot() => new()
    {
        SenderId = _senderId,
        Slots = [.. _slots],
        LatestMessageJson = LatestMessage.Write(_latestMessage?.ParseDataJson, LatestEntities()),
        LatestEventTime = _latestEventTime,
        FollowupAction = _followupAction,
        Paused = _paused,
        LatestInputChannel = _lastUserEvent?.InputChannel,
        ActiveLoop = _activeLoop?.ToState(),
        LatestActionName = _latestAction,
        LatestActionIsText = _latestActionIsText,
    };

    /// <summary>Indexes (in arrival order) of the events that make up the state, as Rasa's <c>applied_events</c>.</summary>
    public IReadOnlyList<int> AppliedEventIndexes() => _applied.Select(e => e.Index).ToList();

    /// <summary>The user messages the state shows, whose JSON <see cref="Snapshot"/> reads.</summary>
    private IEnumerable<UserMessage> Shown()
    {
        if (_latestMessage is { } latest)
        {
            yield return latest;
        }

        if (_lastUserEvent is { } last)
        {
            yield return last;
        }

        if (_activeLoop?.Trigger is { } trigger)
        {
            yield return trigger;
        }
    }

    private bool IsShown(UserMessage message) =>
        ReferenceEquals(message, _latestMessage) || ReferenceEquals(message, _lastUserEvent) || ReferenceEquals(message, _activeLoop?.Trigger);

    /// <summary>The message of a user event applied (again): the one held while it still is, else one to read back.</summary>
    private UserMessage MessageOf(ReplayEvent e) =>
        _holdingJson.Find(message => message.Sequence == e.Sequence) ?? new UserMessage(e.Sequence, json: null);

    /// <summary>The latest message's entities, with those <c>entities</c> events added that it did not have.</summary>
    private IReadOnlyList<string> LatestEntities()
    {
        var own = _latestMessage?.Entities ?? [];
        if (_addedEntities is null)
        {
            return own;
        }

        var merged = new List<string>(own);
        foreach (var entity in _addedEntities.Where(entity => !merged.Contains(entity)))
        {
            merged.Add(entity);
        }

        return merged;
    }

    private void Update(ReplayEvent e)
    {
        switch (e.Type)
        {
            case EventTypes.User:
                _latestMessage = MessageOf(e);
                _addedEntities = null;
                _followupAction = null;
                break;
            case EventTypes.Entities:
                (_addedEntities ??= []).AddRange(e.AddedEntities);
                break;
            case EventTypes.Action:
                SetLatestAction(e);
                _followupAction = null;
                break;
            case EventTypes.Slot when e.Name is { } slot:
                SetSlot(slot, e.ValueJson ?? "null");
                break;
            case EventTypes.Restart:
                Reset();
                _followupAction = ActionSessionStart;
                break;
            case EventTypes.SessionStarted:
                Reset();
                break;
            case EventTypes.Undo:
            case EventTypes.Rewind:
                Reset();
                foreach (var applied in _applied)
                {
                    Update(applied);
                }

                break;
            case EventTypes.ResetSlots:
                ResetSlots();
                break;
            case EventTypes.Followup:
                _followupAction = e.Name;
                break;
            case EventTypes.Pause:
                _paused = true;
                break;
            case EventTypes.Resume:
                _paused = false;
                break;
            case EventTypes.ActiveLoop:
                _activeLoop = e.Name is { } name ? new MutableLoop(name, _latestMessage) : null;
                break;
            case EventTypes.LoopInterrupted when _activeLoop is not null:
                _activeLoop.IsInterrupted = e.IsInterrupted;
                break;
            case EventTypes.ActionExecutionRejected when _activeLoop is not null && e.Name == _activeLoop.Name:
                _activeLoop.Rejected = true;
                break;
        }
    }

    private void SetLatestAction(ReplayEvent e)
    {
        _latestActionIsText = e.Name is null && e.ActionText is not null;
        _latestAction = e.Name ?? e.ActionText;
        if (_activeLoop is null)
        {
            return;
        }

        _activeLoop.IsInterrupted = false;
        if (e.Name == _activeLoop.Name)
        {
            _activeLoop.Rejected = false;
        }
    }

    private void SetSlot(string name, string valueJson)
    {
        if (_slotIndex.TryGetValue(name, out var index))
        {
            _slots[index] = new(name, valueJson);
            return;
        }

        _slotIndex[name] = _slots.Count;
        _slots.Add(new(name, valueJson));
    }

    private void ResetSlots()
    {
        for (var i = 0; i < _slots.Count; i++)
        {
            _slots[i] = new(_slots[i].Key, "null");
        }
    }

    private void Reset()
    {
        ResetSlots();
        _paused = false;
        _latestAction = null;
        _latestActionIsText = false;
        _latestMessage = null;
        _addedEntities = null;
        _followupAction = ActionListen;
        _activeLoop = null;
    }

    private sealed class MutableLoop(string name, UserMessage? trigger)
    {
        public string Name { get; } = name;

        /// <summary>The latest message when the loop became active.</summary>
        public UserMessage? Trigger { get; } = trigger;

        public bool IsInterrupted { get; set; }

        public bool Rejected { get; set; }

        public ActiveLoopState ToState() => new(Name, IsInterrupted, Rejected, Trigger?.ParseDataJson);
    }
}
