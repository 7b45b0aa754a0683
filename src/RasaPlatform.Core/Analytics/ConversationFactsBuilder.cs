using System.Text.Json;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Listing;

namespace RasaPlatform.Core.Analytics;

/// <summary>Folds one conversation's events, in arrival order, into its <see cref="ConversationFacts"/>.</summary>
/// <remarks>
/// The activity is <see cref="ConversationActivityBuilder"/>'s and the names are <see cref="StatisticsBuilder"/>'s, one
/// builder per bucket, so the facts hold exactly what those folds count. Not thread-safe.
/// </remarks>
public sealed class ConversationFactsBuilder(string senderId)
{
    private readonly ConversationActivityBuilder _activity = new(senderId);
    private readonly SortedDictionary<long, StatisticsBuilder> _statistics = [];

    /// <summary>Folds in the next event.</summary>
    public void Add(StoredEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (StatisticsBuilder.ReadsJson(stored.Type))
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
    /// Folds in the next event, its JSON already parsed: <paramref name="root"/> is <paramref name="stored"/>'s JSON,
    /// read only for user and action events.
    /// </summary>
    public void Add(StoredEvent stored, JsonElement root)
    {
        ArgumentNullException.ThrowIfNull(stored);
        _activity.Add(stored);
        if (StatisticsBuilder.ReadsJson(stored.Type))
        {
            var bucket = AnalyticsBucket.Of(EventTimestamps.InstantOf(stored.Timestamp));
            if (!_statistics.TryGetValue(bucket, out var builder))
            {
                _statistics[bucket] = builder = new StatisticsBuilder();
            }

            builder.Add(stored, root);
        }
    }

    /// <summary>The facts of every event added.</summary>
    public ConversationFacts Build()
    {
        var activity = _activity.Build();
        var buckets = new SortedDictionary<long, (int User, int Bot)>();
        foreach (var message in activity.Messages)
        {
            var bucket = AnalyticsBucket.Of(message.Time);
            var (user, bot) = buckets.GetValueOrDefault(bucket);
            buckets[bucket] = message.IsUser ? (user + 1, bot) : (user, bot + 1);
        }

        foreach (var session in activity.Sessions)
        {
            buckets.TryAdd(AnalyticsBucket.Of(session.Start), (0, 0));
        }

        var previous = BucketActivity.None;
        var active = new List<BucketActivity>(buckets.Count);
        foreach (var (bucket, (user, bot)) in buckets)
        {
            active.Add(new BucketActivity(bucket, user, bot, previous));
            previous = bucket;
        }

        var users = activity.Messages.Where(m => m.IsUser).Select(m => m.Time).ToList();
        return new ConversationFacts(
            active,
            activity.Sessions,
            [.. _statistics.SelectMany(s => Names(s.Key, s.Value.Build(int.MaxValue)))],
            users.Count == 0 ? null : users.Min(),
            users.Count == 0 ? null : users.Max());
    }

    private static IEnumerable<BucketNameCount> Names(long bucket, ConversationStatistics statistics) =>
        statistics.TopIntents.Select(n => new BucketNameCount(bucket, NameCategory.Intent, n.Name, n.Count))
            .Concat(statistics.TopEntities.Select(n => new BucketNameCount(bucket, NameCategory.Entity, n.Name, n.Count)))
            .Concat(statistics.TopActions.Select(n => new BucketNameCount(bucket, NameCategory.Action, n.Name, n.Count)))
            .Concat(statistics.TopPolicies.Select(n => new BucketNameCount(bucket, NameCategory.Policy, n.Name, n.Count)));
}
