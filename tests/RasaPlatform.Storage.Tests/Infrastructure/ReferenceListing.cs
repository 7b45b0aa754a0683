using RasaPlatform.Core.Listing;
using RasaPlatform.Core.Metadata;
using RasaPlatform.Core.Tags;

namespace RasaPlatform.Storage.Tests.Infrastructure;

/// <summary>The listing's semantics, written the obvious way over metadata in memory: what the stores must agree with.</summary>
public static class ReferenceListing
{
    /// <summary>A stored conversation: its id (arrival order), its metadata, its flagged message timestamps and its tags.</summary>
    public sealed record Row(long Id, ConversationMetadata Metadata, IReadOnlyCollection<double> Flagged)
    {
        /// <summary>The tags it carries.</summary>
        public IReadOnlyCollection<ConversationTag> Tags { get; init; } = [];
    }

    public static (List<string> Page, long Total) Apply(IEnumerable<Row> rows, ConversationListQuery query)
    {
        var f = query.Filter;
        var matching = rows.Where(r => Matches(r, f)).ToList();
        IEnumerable<Row> ordered = query.Order switch
        {
            ConversationOrder.LatestEventTimeDescending => matching
                .OrderByDescending(r => r.Metadata.LatestEventTime ?? double.NegativeInfinity)
                .ThenByDescending(r => r.Id),
            ConversationOrder.MinimumActionConfidenceDescending => matching
                .OrderByDescending(r => r.Metadata.MinimumActionConfidence ?? double.NegativeInfinity)
                .ThenByDescending(r => r.Metadata.LatestEventTime ?? double.NegativeInfinity)
                .ThenByDescending(r => r.Id),
            _ => matching.OrderBy(r => r.Id),
        };
        var page = ordered.Skip((int)query.Offset).Take(query.Limit).Select(r => r.Metadata.SenderId).ToList();
        return (page, matching.Count);
    }

    private static bool Matches(Row row, ConversationFilter f)
    {
        var m = row.Metadata;
        return Any(f.Intents, m.Intents)
            && Any(f.Entities, m.Entities)
            && Any(f.Actions, m.Actions)
            && Any(f.Policies, m.Policies)
            && (f.InputChannels.Count == 0 || (m.LatestInputChannel is { } channel && f.InputChannels.Contains(channel)))
            && (string.IsNullOrEmpty(f.Text) || m.SearchText.Contains(f.Text, StringComparison.Ordinal))
            && AtLeast(m.LatestUserEventTime, f.Start)
            && AtMost(m.LatestUserEventTime, f.Until)
            && (f.MinimumUserMessages is not { } n || m.UserMessageCount >= n)
            && AtMost(m.MinimumActionConfidence, f.MaximumConfidence)
            && AtLeast(m.MinimumActionConfidence, f.MinimumConfidence)
            && AtLeast(m.MinimumIntentConfidence, f.MinimumNluConfidence)
            && AtMost(m.MinimumIntentConfidence, f.MaximumNluConfidence)
            && (f.InTrainingData is not { } training || m.InTrainingData == training)
            && (!f.OnlyFlagged || row.Flagged.Count > 0)
            && (f.Assistants is not { } assistants || (m.AssistantId is { } assistant && assistants.Contains(assistant)))
            && (f.TagIds.Count == 0 || row.Tags.Any(t => f.TagIds.Contains(t.Id)))
            && (f.TagNames.Count == 0 || row.Tags.Any(t => f.TagNames.Contains(t.Name)));
    }

    private static bool Any(IReadOnlyList<string> wanted, IReadOnlyList<string> present) =>
        wanted.Count == 0 || wanted.Any(present.Contains);

    private static bool AtLeast(double? value, double? bound) => bound is not { } b || (value is { } v && v >= b);

    private static bool AtMost(double? value, double? bound) => bound is not { } b || (value is { } v && v <= b);
}
