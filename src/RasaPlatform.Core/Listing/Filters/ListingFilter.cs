using RasaPlatform.Core.Metadata;
using RasaPlatform.Core.Reviews;
using RasaPlatform.Core.Tags;

namespace RasaPlatform.Core.Listing.Filters;

/// <summary>What a listing filter is judged on: one stored conversation's metadata, flags and tags.</summary>
/// <param name="Metadata">Its folded metadata (with its search text).</param>
/// <param name="HasFlaggedMessages">Whether a message of it is flagged.</param>
/// <param name="Tags">The tags it carries.</param>
public sealed record ListingFacts(ConversationMetadata Metadata, bool HasFlaggedMessages, IReadOnlyCollection<ConversationTag> Tags)
{
    /// <summary>Where its review is.</summary>
    public ReviewStatus ReviewStatus { get; init; }

    /// <summary>Whether a user message of it carries an intent correction.</summary>
    public bool HasCorrections { get; init; }

    /// <summary>The markers that applied in some session of it, as <see cref="Markers.MarkerNames"/> keys.</summary>
    public IReadOnlyCollection<string> Markers { get; init; } = [];
}

/// <summary>
/// One filter of the conversation listing, defined once: the query parameters it is given by (as the contract names
/// them), whether a <see cref="ConversationFilter"/> sets it, and what it means. The listing index and the stores' SQL
/// answer it their own fast ways; the contract tests hold both to <see cref="Matches"/>, a test holds the contract's
/// parameters to <see cref="Parameters"/>, and whatever must know "which filters are set" asks the registry
/// (<see cref="ListingFilters"/>), so that a new filter cannot be forgotten there.
/// </summary>
/// <remarks>
/// A filter with a <see cref="Condition"/> needs nothing else: the index and the stores' SQL evaluate the condition
/// generically. The older filters are answered by code of their own in each (name bit sets, text search, indexed
/// semi-joins), which the same contract tests hold to <see cref="Matches"/>.
/// </remarks>
public sealed class ListingFilter
{
    private readonly Func<ConversationFilter, bool> _isSet;
    private readonly Func<ConversationFilter, ListingFacts, bool> _matches;
    private readonly Func<ConversationFilter, ListingCondition>? _condition;

    internal ListingFilter(
        string name,
        IReadOnlyList<string> parameters,
        Func<ConversationFilter, bool> isSet,
        Func<ConversationFilter, ListingFacts, bool> matches,
        Func<ConversationFilter, ListingCondition>? condition = null)
    {
        Name = name;
        Parameters = parameters;
        _isSet = isSet;
        _matches = matches;
        _condition = condition;
    }

    /// <summary>What the filter is called in messages and tests.</summary>
    public string Name { get; }

    /// <summary>The listing's query parameters that give it, as the contract names them.</summary>
    public IReadOnlyList<string> Parameters { get; }

    /// <summary>Whether <paramref name="filter"/> has this condition.</summary>
    public bool IsSet(ConversationFilter filter) => _isSet(filter);

    /// <summary>Whether the conversation passes the condition; true when <paramref name="filter"/> does not set it.</summary>
    public bool Matches(ConversationFilter filter, ListingFacts facts) => !_isSet(filter) || _matches(filter, facts);

    /// <summary>Whether the index and the stores evaluate this filter from its <see cref="Condition"/>.</summary>
    public bool HasCondition => _condition is not null;

    /// <summary>The condition <paramref name="filter"/> sets, as the index and the stores evaluate it; null when it sets none or the filter has no condition form.</summary>
    public ListingCondition? Condition(ConversationFilter filter) => _condition is not null && _isSet(filter) ? _condition(filter) : null;

    public override string ToString() => Name;
}
