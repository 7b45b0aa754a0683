using System.Text.Json;
using RasaPlatform.Benchmarks.Run.Listing;
using RasaPlatform.Core.Assistants;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Metadata;

namespace RasaPlatform.Benchmarks.Tests.Listing;

/// <summary>
/// The listing's answers as the service computes them: each conversation folded by the service's own
/// <see cref="MetadataBuilder"/>, then filtered and ordered in memory by the listing's contract.
/// </summary>
internal sealed class ListingReference
{
    private readonly List<ConversationMetadata> _conversations;

    public ListingReference(IEnumerable<string> lines)
    {
        _conversations = lines.Select(l => (Line: l, Event: JsonDocument.Parse(l).RootElement))
            .GroupBy(x => x.Event.GetProperty("sender_id").GetString()!)
            .Select(g => MetadataBuilder.Build(g.Key, g.Select((x, i) => new StoredEvent(
                i, x.Event.GetProperty("event").GetString()!, x.Event.GetProperty("timestamp").GetDouble(), x.Line))))
            .ToList();
    }

    /// <summary>Senders with a flagged message.</summary>
    public HashSet<string> Flagged { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<ConversationMetadata> Conversations => _conversations;

    /// <summary>The total before paging and the page, in the listing's order.</summary>
    public (long Total, List<string> Page) Answer(ListingQuery q)
    {
        // Position in the list is the order of first storage: ties fall back to it, latest first.
        var matching = _conversations.Select((m, i) => (Metadata: m, Index: i)).Where(x => Matches(q, x.Metadata)).ToList();
        var ordered = q.SortsByConfidence
            ? matching.OrderBy(x => x.Metadata.MinimumActionConfidence is null).ThenByDescending(x => x.Metadata.MinimumActionConfidence)
                .ThenByDescending(x => x.Metadata.LatestEventTime).ThenByDescending(x => x.Index)
            : matching.OrderByDescending(x => x.Metadata.LatestEventTime).ThenByDescending(x => x.Index);
        return (matching.Count, ordered.Skip((int)q.Offset).Take(q.Limit).Select(x => x.Metadata.SenderId).ToList());
    }

    private bool Matches(ListingQuery q, ConversationMetadata m) =>
        Any(q.Intents, m.Intents) && Any(q.Entities, m.Entities) && Any(q.Actions, m.Actions) && Any(q.Policies, m.Policies)
        && (q.InputChannels.Count == 0 || (m.LatestInputChannel is { } c && q.InputChannels.Contains(c)))
        && (q.Text is null || m.SearchText.Contains(q.Text.ToLowerInvariant(), StringComparison.Ordinal))
        && (q.Start is null || m.LatestUserEventTime >= q.Start)
        && (q.Until is null || m.LatestUserEventTime <= q.Until)
        && (q.MinimumUserMessages is null || m.UserMessageCount >= q.MinimumUserMessages)
        && (q.MaximumConfidence is null || m.MinimumActionConfidence <= q.MaximumConfidence)
        && (q.MinimumConfidence is null || m.MinimumActionConfidence >= q.MinimumConfidence)
        && (q.MinimumNluConfidence is null || m.MinimumIntentConfidence >= q.MinimumNluConfidence)
        && (q.MaximumNluConfidence is null || m.MinimumIntentConfidence <= q.MaximumNluConfidence)
        && (q.InTrainingData is null || m.InTrainingData == q.InTrainingData)
        && (!q.OnlyFlagged || Flagged.Contains(m.SenderId))
        && (q.Assistants.Count == 0 || q.Assistants.Contains(new AssistantOptions().Resolve(m.AssistantId)));

    private static bool Any(IReadOnlyList<string> wanted, IReadOnlyList<string> names) => wanted.Count == 0 || wanted.Any(names.Contains);
}
