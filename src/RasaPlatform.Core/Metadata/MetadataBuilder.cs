using System.Text.Json;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Markers;

namespace RasaPlatform.Core.Metadata;

/// <summary>Folds a conversation's events, in arrival order, into its <see cref="ConversationMetadata"/>.</summary>
/// <remarks>
/// Every event counts, reverted ones included, as in Rasa X: the listing describes what happened in the conversation.
/// The result depends only on the events and their order, so a rebuild from scratch gives what incremental folding
/// gives.
/// </remarks>
/// <param name="senderId">The conversation's sender id.</param>
/// <param name="keepMarkerEvents">Whether to keep what markers look at of each event (<see cref="MarkerEvents"/>).</param>
public sealed class MetadataBuilder(string senderId, bool keepMarkerEvents = false)
{
    private readonly List<MarkerEvent>? _markerEvents = keepMarkerEvents ? [] : null;
    private readonly SortedSet<string> _intents = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _entities = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _actions = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _policies = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _channels = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _slots = new(StringComparer.Ordinal);
    private readonly System.Text.StringBuilder _text = new();
    private long _eventCount;
    private double? _latest;
    private double? _latestUser;
    private double? _first;
    private string? _channel;
    private string? _assistant;
    private Range _actionConfidence;
    private Range _intentConfidence;
    private bool _inTrainingData = true;
    private int _userMessages;
    private int _botMessages;
    private bool _sessionEnded;

    /// <summary>Builds the metadata of a whole conversation.</summary>
    public static ConversationMetadata Build(string senderId, IEnumerable<StoredEvent> events)
    {
        var builder = new MetadataBuilder(senderId);
        foreach (var e in events)
        {
            builder.Add(e);
        }

        return builder.Build();
    }

    /// <summary>Folds in the next event.</summary>
    public void Add(StoredEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        using var document = JsonDocument.Parse(stored.Json);
        Add(stored, document.RootElement);
    }

    /// <summary>Folds in the next event, its JSON already parsed (<paramref name="root"/>, of <paramref name="stored"/>'s JSON).</summary>
    public void Add(StoredEvent stored, JsonElement root)
    {
        ArgumentNullException.ThrowIfNull(stored);
        _eventCount++;
        _latest = Max(_latest, stored.Timestamp);
        _first = _first is { } first ? Math.Min(first, stored.Timestamp) : stored.Timestamp;
        ReadAssistant(root);
        _markerEvents?.Add(MarkerEvent.Of(stored, root));
        switch (stored.Type)
        {
            case EventTypes.User:
                AddUser(root, stored.Timestamp);
                _sessionEnded = false;
                break;
            case EventTypes.SessionEnded or EventTypes.ConversationInactive:
                _sessionEnded = true;
                break;
            case EventTypes.Bot:
                _botMessages++;
                break;
            case EventTypes.Action:
                AddAction(root);
                break;
            case EventTypes.Slot:
                if (Listing.SlotValues.Of(root) is { } slot)
                {
                    _slots.Add(slot.Key);
                }

                break;
        }
    }

    /// <summary>What markers look at of each event so far, in order; null unless the builder was asked to keep it.</summary>
    public IReadOnlyList<MarkerEvent>? MarkerEvents => _markerEvents;

    public ConversationMetadata Build() => new()
    {
        SenderId = senderId,
        EventCount = _eventCount,
        LatestEventTime = _latest,
        LatestUserEventTime = _latestUser,
        FirstEventTime = _first,
        LatestInputChannel = _channel,
        AssistantId = _assistant,
        Intents = [.. _intents],
        Entities = [.. _entities],
        Actions = [.. _actions],
        Policies = [.. _policies],
        InputChannels = [.. _channels],
        SearchText = _text.ToString(),
        MinimumActionConfidence = _actionConfidence.Minimum,
        MaximumActionConfidence = _actionConfidence.Maximum,
        MinimumIntentConfidence = _intentConfidence.Minimum,
        MaximumIntentConfidence = _intentConfidence.Maximum,
        InTrainingData = _inTrainingData,
        UserMessageCount = _userMessages,
        BotMessageCount = _botMessages,
        SessionEnded = _sessionEnded,
        Slots = [.. _slots.Select(Listing.SlotValue.FromKey)],
    };

    /// <summary>Rasa prefixes policy names with their ensemble index (<c>policy_2_MemoizationPolicy</c>); the listing does not.</summary>
    public static string PolicyName(string policy)
    {
        if (!policy.StartsWith("policy_", StringComparison.Ordinal))
        {
            return policy;
        }

        var rest = policy.AsSpan("policy_".Length);
        var digits = 0;
        while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
        {
            digits++;
        }

        return digits > 0 && digits < rest.Length && rest[digits] == '_' ? rest[(digits + 1)..].ToString() : policy;
    }

    private void AddUser(JsonElement root, double timestamp)
    {
        _userMessages++;
        _latestUser = Max(_latestUser, timestamp);
        _channel = String(root, "input_channel");
        if (_channel is { Length: > 0 } channel)
        {
            _channels.Add(channel);
        }

        if (String(root, "text") is { Length: > 0 } text)
        {
            if (_text.Length > 0)
            {
                _text.Append('\n');
            }

            _text.Append(text.ToLowerInvariant());
        }
        if (!root.TryGetProperty("parse_data", out var parse) || parse.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (parse.TryGetProperty("intent", out var intent) && intent.ValueKind == JsonValueKind.Object)
        {
            if (String(intent, "name") is { Length: > 0 } name)
            {
                _intents.Add(name);
            }

            _intentConfidence = _intentConfidence.With(Number(intent, "confidence"));
        }

        if (parse.TryGetProperty("entities", out var entities) && entities.ValueKind == JsonValueKind.Array)
        {
            foreach (var entity in entities.EnumerateArray())
            {
                if (entity.ValueKind == JsonValueKind.Object && String(entity, "entity") is { Length: > 0 } name)
                {
                    _entities.Add(name);
                }
            }
        }
    }

    private void AddAction(JsonElement root)
    {
        if (String(root, "name") is { Length: > 0 } name)
        {
            _actions.Add(name);
        }

        _actionConfidence = _actionConfidence.With(Number(root, "confidence"));
        if (String(root, "policy") is { Length: > 0 } policy)
        {
            var plain = PolicyName(policy);
            _policies.Add(plain);
            _inTrainingData &= plain is "MemoizationPolicy" or "AugmentedMemoizationPolicy";
        }
    }

    private void ReadAssistant(JsonElement root)
    {
        if (Access.AssistantIds.Of(root) is { } assistant)
        {
            _assistant = assistant;
        }
    }

    private static double? Max(double? current, double value) => current is { } c ? Math.Max(c, value) : value;

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.TryGetText(out var text) ? text : null;

    private static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private readonly record struct Range(double? Minimum, double? Maximum)
    {
        public Range With(double? value) => value is { } v
            ? new(Minimum is { } min ? Math.Min(min, v) : v, Maximum is { } max ? Math.Max(max, v) : v)
            : this;
    }
}
