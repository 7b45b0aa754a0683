using System.Text.Json;
using RasaPlatform.Benchmarks.Run.Listing;
using RasaPlatform.Core.Assistants;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Listing;
using RasaPlatform.Core.Listing.Filters;
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

    /// <summary>
    /// The registry's meaning of each filter (<see cref="ListingFilters"/>), over the conversation as the service keeps
    /// it: its assistant resolved to the default one when its events name none.
    /// </summary>
    private bool Matches(ListingQuery q, ConversationMetadata m) =>
        ListingFilters.Matches(
            Filter(q),
            new ListingFacts(m with { AssistantId = Assistants.Resolve(m.AssistantId) }, Flagged.Contains(m.SenderId), []));

    /// <summary>The query as the API parses it: the text lower-cased, no assistant named meaning every one.</summary>
    private static ConversationFilter Filter(ListingQuery q) => new()
    {
        Intents = q.Intents,
        Entities = q.Entities,
        Actions = q.Actions,
        Policies = q.Policies,
        InputChannels = q.InputChannels,
        Text = q.Text?.ToLowerInvariant(),
        Start = q.Start,
        Until = q.Until,
        MinimumUserMessages = q.MinimumUserMessages,
        MaximumConfidence = q.MaximumConfidence,
        MinimumConfidence = q.MinimumConfidence,
        MinimumNluConfidence = q.MinimumNluConfidence,
        MaximumNluConfidence = q.MaximumNluConfidence,
        InTrainingData = q.InTrainingData,
        OnlyFlagged = q.OnlyFlagged,
        Assistants = q.Assistants.Count == 0 ? null : q.Assistants.ToHashSet(StringComparer.Ordinal),
    };

    private static readonly AssistantOptions Assistants = new();
}
