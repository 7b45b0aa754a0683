using RasaPlatform.Core.Listing;
using RasaPlatform.Core.Listing.Filters;
using RasaPlatform.Core.Metadata;
using RasaPlatform.Core.Reviews;
using RasaPlatform.Core.Tags;

namespace RasaPlatform.Storage.Tests.Infrastructure;

/// <summary>The listing's semantics over metadata in memory, each filter as the registry defines it: what the stores must agree with.</summary>
public static class ReferenceListing
{
    /// <summary>A stored conversation: its id (arrival order), its metadata, its flagged message timestamps and its tags.</summary>
    public sealed record Row(long Id, ConversationMetadata Metadata, IReadOnlyCollection<double> Flagged)
    {
        /// <summary>The tags it carries.</summary>
        public IReadOnlyCollection<ConversationTag> Tags { get; init; } = [];

        /// <summary>Where its review is.</summary>
        public ReviewStatus ReviewStatus { get; init; }

        /// <summary>Whether a user message of it carries an intent correction.</summary>
        public bool HasCorrections { get; init; }
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

    /// <summary>The registry's meaning of each filter (<see cref="ListingFilters"/>), over the row.</summary>
    private static bool Matches(Row row, ConversationFilter f) =>
        ListingFilters.Matches(f, new ListingFacts(row.Metadata, row.Flagged.Count > 0, row.Tags)
        {
            ReviewStatus = row.ReviewStatus,
            HasCorrections = row.HasCorrections,
        });
}
