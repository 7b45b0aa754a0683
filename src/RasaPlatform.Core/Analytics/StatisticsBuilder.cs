using System.Text.Json;
using NodaTime;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Metadata;

namespace RasaPlatform.Core.Analytics;

/// <summary>Folds events, of any conversations in any order, into <see cref="ConversationStatistics"/>.</summary>
/// <remarks>
/// Every event counts, reverted ones included, as the listing's metadata does. With bounds, only events whose timestamp
/// is within <c>[start, until]</c> (both inclusive, as the listing's <c>start</c> and <c>until</c>) count. All counts
/// are additive, so per-name counts kept by a store add up to what this fold gives. Not thread-safe.
/// </remarks>
/// <param name="start">Inclusive lower bound on event time; null for none.</param>
/// <param name="until">Inclusive upper bound on event time; null for none.</param>
public sealed class StatisticsBuilder(Instant? start = null, Instant? until = null)
{
    private const string ActionListen = "action_listen";

    private readonly Dictionary<string, long> _intents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _entities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _actions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _policies = new(StringComparer.Ordinal);
    private long _userMessages;
    private long _botMessages;

    /// <summary>Whether this fold reads the JSON of an event of <paramref name="type"/>: user and action events only.</summary>
    internal static bool ReadsJson(string type) => type is EventTypes.User or EventTypes.Action;

    /// <summary>Folds in one event.</summary>
    public void Add(StoredEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (ReadsJson(stored.Type) && InRange(stored.Timestamp))
        {
            using var document = JsonDocument.Parse(stored.Json);
            Add(stored, document.RootElement);
        }
        else
        {
            Add(stored, default);
        }
    }

    /// <summary>
    /// Folds in one event whose JSON is already parsed: <paramref name="root"/> is <paramref name="stored"/>'s JSON, read
    /// only for user and action events.
    /// </summary>
    public void Add(StoredEvent stored, JsonElement root)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (!InRange(stored.Timestamp))
        {
            return;
        }

        switch (stored.Type)
        {
            case EventTypes.User:
                _userMessages++;
                AddUser(root);
                break;
            case EventTypes.Bot:
                _botMessages++;
                break;
            case EventTypes.Action:
                AddAction(stored, root);
                break;
        }
    }

    /// <summary>The statistics so far, each top list cut to <paramref name="limit"/> entries.</summary>
    public ConversationStatistics Build(int limit = ConversationStatistics.DefaultLimit) => new(
        _userMessages,
        _botMessages,
        NameCount.Top(_intents, limit),
        NameCount.Top(_entities, limit),
        NameCount.Top(_actions, limit),
        NameCount.Top(_policies, limit));

    private bool InRange(double timestamp)
    {
        var time = EventTimestamps.InstantOf(timestamp);
        return (start is not { } s || time >= s) && (until is not { } u || time <= u);
    }

    private void AddUser(JsonElement root)
    {
        if (!root.TryGetProperty("parse_data", out var parse) || parse.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (parse.TryGetProperty("intent", out var intent) && intent.ValueKind == JsonValueKind.Object
            && String(intent, "name") is { Length: > 0 } name)
        {
            Increment(_intents, name);
        }

        if (parse.TryGetProperty("entities", out var entities) && entities.ValueKind == JsonValueKind.Array)
        {
            foreach (var entity in entities.EnumerateArray())
            {
                if (entity.ValueKind == JsonValueKind.Object && String(entity, "entity") is { Length: > 0 } type)
                {
                    Increment(_entities, type);
                }
            }
        }
    }

    private void AddAction(StoredEvent stored, JsonElement root)
    {
        var name = stored.Name ?? String(root, "name");
        if (name is not { Length: > 0 } || name == ActionListen)
        {
            return;
        }

        Increment(_actions, name);
        if (String(root, "policy") is { Length: > 0 } policy)
        {
            Increment(_policies, MetadataBuilder.PolicyName(policy));
        }
    }

    private static void Increment(Dictionary<string, long> counts, string name) =>
        counts[name] = counts.GetValueOrDefault(name) + 1;

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.TryGetText(out var text) ? text : null;
}
