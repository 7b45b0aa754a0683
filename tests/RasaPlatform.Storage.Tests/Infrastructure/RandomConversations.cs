using System.Text.Json;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Storage.Tests.Infrastructure;

/// <summary>Seeded random Rasa events and write batches: every event type metadata reads, with repeats and replaces.</summary>
/// <param name="seed">The random seed.</param>
/// <param name="senders">The conversations written to.</param>
/// <param name="sessions">Whether to write session starts (Rasa ≥ 1.6's action_session_start, session_started) and restarts too.</param>
/// <param name="days">How many days the timestamps spread over (about 1.45 by default).</param>
public sealed class RandomConversations(int seed, IReadOnlyList<string> senders, bool sessions = false, double days = 125_000 / 86_400.0)
{
    private static readonly string[] Intents = ["greet", "bye", "affirm", "deny", "order_pizza"];
    private static readonly string[] Entities = ["city", "size", "topping"];
    private static readonly string[] Actions = ["action_listen", "utter_greet", "utter_bye", "action_order"];
    private static readonly string[] Policies = ["MemoizationPolicy", "AugmentedMemoizationPolicy", "TEDPolicy", "RulePolicy"];
    private static readonly string[] Channels = ["rest", "socketio", "slack"];

    private readonly Random _random = new(seed);
    private readonly Dictionary<string, List<IncomingEvent>> _sent = [];

    /// <summary>Writes to one to four random conversations: mostly appends (some repeating sent events), some replaces.</summary>
    public List<ConversationWrite> NextBatch()
    {
        var writes = new List<ConversationWrite>();
        for (var i = _random.Next(1, 5); i > 0; i--)
        {
            var sender = senders[_random.Next(senders.Count)];
            var mode = _random.Next(8) == 0 ? WriteMode.Replace : WriteMode.Append;
            var sent = _sent.TryGetValue(sender, out var list) ? list : _sent[sender] = [];
            var events = Enumerable.Range(0, _random.Next(0, 7))
                .Select(_ => sent.Count > 0 && _random.Next(5) == 0 ? sent[_random.Next(sent.Count)] : NextEvent())
                .ToList();
            sent.AddRange(events);
            writes.Add(new ConversationWrite(sender, mode, events));
        }

        return writes;
    }

    private IncomingEvent NextEvent()
    {
        var timestamp = 1_700_000_000 + Math.Round(_random.Next(0, 1_000_000) * days * 86_400 / 1_000_000 * 8) / 8;
        object e = _random.Next(sessions ? 8 : 5) switch
        {
            5 => new { @event = "action", timestamp, name = "action_session_start" },
            6 => new { @event = "session_started", timestamp },
            7 => new { @event = "restart", timestamp },
            0 or 1 => new Dictionary<string, object?>
            {
                ["event"] = "user",
                ["timestamp"] = timestamp,
                ["text"] = $"text {_random.Next(100)}",
                ["input_channel"] = Maybe(Pick(Channels)),
                ["parse_data"] = new
                {
                    intent = new Dictionary<string, object?> { ["name"] = Pick(Intents), ["confidence"] = Maybe<object>(Confidence()) },
                    entities = Enumerable.Range(0, _random.Next(3)).Select(_ => new { entity = Pick(Entities) }).ToList(),
                },
                ["metadata"] = _random.Next(3) == 0 ? new { assistant_id = $"assistant-{_random.Next(3)}" } : null,
            },
            2 => new { @event = "bot", timestamp, text = "ok" },
            3 => new Dictionary<string, object?>
            {
                ["event"] = "action",
                ["timestamp"] = timestamp,
                ["name"] = Pick(Actions),
                ["policy"] = Maybe($"policy_{_random.Next(4)}_{Pick(Policies)}"),
                ["confidence"] = Maybe<object>(Confidence()),
            },
            _ => new { @event = "slot", timestamp, name = "size", value = _random.Next(3) },
        };
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(e));
        return EventNormalizer.Normalize(document.RootElement, NodaTime.Instant.FromUnixTimeSeconds(1_700_000_000), "event");
    }

    private double Confidence() => Math.Round(_random.NextDouble(), 4);

    private string Pick(string[] values) => values[_random.Next(values.Length)];

    private T? Maybe<T>(T value)
        where T : class => _random.Next(4) == 0 ? null : value;
}
