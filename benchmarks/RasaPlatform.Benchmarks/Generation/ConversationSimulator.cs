using System.Globalization;
using NodaTime;

namespace RasaPlatform.Benchmarks.Generation;

/// <summary>Plays one conversation between a user and the bot of a <see cref="BotDomain"/> and writes its events.</summary>
/// <remarks>
/// <para>
/// Conversation <c>i</c> of seed <c>s</c> draws everything from its own <see cref="Pcg32"/> stream (<c>s</c>,
/// <c>i</c>), so it is the same whatever else is generated. It opens with a session start (<c>action_session_start</c>,
/// <c>session_started</c>, <c>action_listen</c>) and then plays whole turns, each ending in <c>action_listen</c>, until
/// its <see cref="LengthModel.Target"/> is reached. It has <see cref="LengthModel.MinEvents"/> to
/// <see cref="LengthModel.MaxEvents"/> events, timestamps strictly increasing, all before <see cref="TimeModel.End"/>.
/// </para>
/// <para>
/// A small share of conversations (<see cref="MemoizedOnlyShare"/>) replay training stories: every prediction is by
/// MemoizationPolicy, so Rasa X would report them <c>in_training_data</c>.
/// </para>
/// </remarks>
public sealed partial class ConversationSimulator
{
    /// <summary>The share of conversations handled by MemoizationPolicy alone.</summary>
    public const double MemoizedOnlyShare = 0.05;

    /// <summary>The most events one turn (with a session start before it) can write.</summary>
    public const int MaxTurnEvents = 40;

    private const double IdleChance = 0.015;
    private const string RequestedSlot = "requested_slot";

    private readonly BotDomain _domain;
    private readonly TimeModel _time;
    private readonly RasaEventWriter _writer;
    private readonly ulong _seed;
    private readonly NluModel _nlu;
    private readonly UserMessage _message = new();
    private readonly string?[] _slots;
    private readonly Dictionary<string, MessageTemplate[]> _informTemplates;
    private readonly string[][] _modelIds;
    private readonly WeightedTable<IntentDefinition> _scriptedIntents;
    private readonly WeightedTable<IntentDefinition> _interruptions;

    private Pcg32 _random = null!;
    private long _now;
    private int _events;
    private bool _memoizedOnly;
    private bool _customActionRan;
    private ChannelDefinition _channel = null!;
    private AssistantDefinition _assistant = null!;
    private FormDefinition? _activeForm;
    private string? _requested;
    private IReadOnlyList<ButtonDefinition>? _lastButtons;

    /// <summary>Prepares a simulator that writes to <paramref name="writer"/>.</summary>
    public ConversationSimulator(BotDomain domain, TimeModel time, RasaEventWriter writer, ulong seed)
    {
        _domain = domain;
        _time = time;
        _writer = writer;
        _seed = seed;
        _nlu = new NluModel(domain);
        _slots = new string?[domain.Entities.Count];
        var inform = domain.Intent(BotDomain.InformIntent);
        _informTemplates = domain.Entities.ToDictionary(
            e => e.Name,
            e => inform.Examples.Where(t => t.Entities.SequenceEqual([e.Name])).ToArray(),
            StringComparer.Ordinal);
        _modelIds = ModelIds(domain, seed);
        _scriptedIntents = Subset(domain, i => i.Handling != IntentHandling.Form && i.Name is not (BotDomain.InformIntent or BotDomain.StopIntent));
        _interruptions = Subset(domain, i => i.Handling != IntentHandling.Form && i.Name is not (BotDomain.InformIntent or BotDomain.StopIntent or BotDomain.CorrectionIntent));
    }

    /// <summary>Writes conversation <paramref name="index"/>.</summary>
    /// <returns>The number of events written, in <c>[MinEvents, MaxEvents]</c>.</returns>
    public int Simulate(uint index)
    {
        Start(index);
        var target = LengthModel.Target(_random);
        SessionStart(target);
        while (_events < target && _events + MaxTurnEvents <= LengthModel.MaxEvents && Turn(target))
        {
        }

        return _events;
    }

    private void Start(uint index)
    {
        _random = new Pcg32(_seed, index);
        _now = _time.ConversationStart(_random);
        _events = 0;
        var assistant = _domain.Assistants.PickIndex(_random);
        _assistant = _domain.Assistants.Items[assistant];
        _channel = _domain.Channels.Pick(_random);
        _memoizedOnly = _random.Chance(MemoizedOnlyShare);
        _customActionRan = false;
        _lastButtons = null;
        ClearSlots();
        var month = Instant.FromUnixTimeTicks(_now * 10).InUtc().Month;
        _writer.BeginConversation(SenderIds.Create(_channel.SenderIds, index, _seed, _random), _assistant.Id, _modelIds[assistant][month - 1]);
    }

    /// <summary><c>action_session_start</c>, <c>session_started</c>, carried-over slots, <c>action_listen</c>.</summary>
    /// <param name="limit">Stop after this many events in the conversation (for the shortest conversations).</param>
    private void SessionStart(int limit = int.MaxValue)
    {
        _activeForm = null;
        _requested = null;
        _lastButtons = null;
        _writer.Action(Tick(0), "action_session_start", Prediction.None);
        if (_events < limit)
        {
            _writer.Marker(Tick(TimeModel.EventSpacing(_random)), "session_started");
        }

        for (var i = 0; i < _slots.Length && _events < limit; i++)
        {
            if (_slots[i] is not null)
            {
                WriteSlot(i, _slots[i]);
            }
        }

        if (_events < limit)
        {
            _writer.Action(Tick(TimeModel.EventSpacing(_random)), "action_listen", Prediction.None);
        }
    }

    /// <summary>Advances the clock by <paramref name="delay"/> microseconds (at least 1) and counts one event.</summary>
    /// <returns>The new time, for the event about to be written.</returns>
    private long Tick(long delay)
    {
        _now += Math.Max(1, delay);
        _events++;
        return _now;
    }

    private long Spacing() => Tick(TimeModel.EventSpacing(_random));

    private void WriteSlot(int index, string? value)
    {
        var entity = _domain.Entities[index];
        if (value is not null && entity.NumericSlot)
        {
            _writer.Slot(Spacing(), entity.Name, double.Parse(value, CultureInfo.InvariantCulture));
        }
        else
        {
            _writer.Slot(Spacing(), entity.Name, value);
        }
    }

    private void ClearSlots()
    {
        Array.Clear(_slots);
        _activeForm = null;
        _requested = null;
    }

    private static WeightedTable<IntentDefinition> Subset(BotDomain domain, Func<IntentDefinition, bool> include) =>
        new(domain.FreeIntents.Items.Where(include).Select(i => (i, i.Weight)));

    private static string[][] ModelIds(BotDomain domain, ulong seed)
    {
        var random = new Pcg32(seed, ulong.MaxValue);
        return domain.Assistants.Items.Select(_ => Enumerable.Range(0, 12).Select(_ => SenderIds.RandomHex(random)).ToArray()).ToArray();
    }
}
