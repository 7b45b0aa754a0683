using RasaPlatform.Core.Metadata;

namespace RasaPlatform.Core.Listing;

/// <summary>One page of the listing.</summary>
/// <param name="Items">The conversations of the page, in the query's order.</param>
/// <param name="Total">How many conversations match the filter, before paging.</param>
public sealed record ConversationPage(IReadOnlyList<ListedConversation> Items, long Total);

/// <summary>A conversation as the listing shows it: its precomputed metadata, and its flags, corrections and tags, read live.</summary>
/// <param name="Metadata">What the metadata projector folded from its events.</param>
/// <param name="FlaggedMessages">Distinct timestamps of its flagged messages, ascending.</param>
/// <param name="UnflaggedMessages">Distinct timestamps of its other messages, ascending.</param>
public sealed record ListedConversation(
    ConversationMetadata Metadata,
    IReadOnlyList<double> FlaggedMessages,
    IReadOnlyList<double> UnflaggedMessages)
{
    /// <summary>The tags it carries, read live, ordinally by name, then by id.</summary>
    public IReadOnlyList<Tags.ConversationTag> Tags { get; init; } = [];

    /// <summary>Where its review is, read live.</summary>
    public Reviews.ReviewStatus ReviewStatus { get; init; }
    /// <summary>Its intent corrections (<see cref="Storage.IIntentCorrectionStore"/>), read live, by ascending timestamp.</summary>
    public IReadOnlyList<Storage.IntentCorrection> CorrectedMessages { get; init; } = [];
}
