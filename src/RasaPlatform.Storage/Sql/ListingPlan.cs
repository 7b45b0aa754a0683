using RasaPlatform.Core.Listing;

namespace RasaPlatform.Storage.Sql;

/// <summary>
/// How a listing query is to be run: which semi-join condition, if any, drives the page and the count (its matches are
/// read first), and what is known before running anything.
/// </summary>
/// <remarks>
/// Semi-join conditions are the name lists and the text fragment. One that drives is written <c>id IN (…)</c> and read
/// first; the others are written as correlated <c>EXISTS</c> probes, checked row by row while the sort index is read
/// in order. Driving pays off for rare conditions; probing in order pays off for common ones, where the first page is
/// found after a few rows.
/// </remarks>
/// <param name="PageDriver">The condition that drives the page, or null to probe every condition in sort order.</param>
/// <param name="CountDriver">The condition that drives the count, or null to probe every condition.</param>
/// <param name="Empty">True when some condition is known to match nothing: no query needs to run.</param>
/// <param name="Total">The exact total when it is known without counting.</param>
public sealed record ListingPlan(SemiJoin? PageDriver, SemiJoin? CountDriver, bool Empty = false, long? Total = null)
{
    /// <summary>Every semi-join as <c>IN</c>: for engines whose planner chooses the join order itself.</summary>
    public static ListingPlan LeaveItToThePlanner { get; } = new(SemiJoin.All, SemiJoin.All);
}

/// <summary>
/// A condition of a filter that can drive a query: one name category, the text, the assistant set, a tag list, or (for
/// planners) all of them.
/// </summary>
/// <param name="Category">The name category, for a name list.</param>
/// <param name="IsText">Whether the condition is the text fragment.</param>
/// <param name="IsAll">Every condition (planners that order joins themselves).</param>
/// <param name="IsAssistant">
/// The assistant set: a column condition, not a semi-join, that drives through its index on
/// <c>(assistant_id, latest_event_time)</c>; when it does not drive, it is checked row by row and kept off that index.
/// </param>
/// <param name="ByScan">
/// For the text driving: read every text rather than the trigram index's candidates, which is cheaper when the fragment's
/// trigrams are common enough that most candidates are read anyway.
/// </param>
/// <param name="Tags">Which tag list, for a tag condition.</param>
public readonly record struct SemiJoin(NameCategory? Category, bool IsText, bool IsAll = false, bool ByScan = false, bool IsAssistant = false, TagList? Tags = null)
{
    public static SemiJoin Assistant { get; } = new(null, IsText: false, IsAssistant: true);

    public static SemiJoin TagIds { get; } = new(null, IsText: false, Tags: TagList.Ids);

    public static SemiJoin TagNames { get; } = new(null, IsText: false, Tags: TagList.Names);

    public static SemiJoin Text { get; } = new(null, IsText: true);

    public static SemiJoin TextByScan { get; } = new(null, IsText: true, ByScan: true);

    public static SemiJoin All { get; } = new(null, IsText: false, IsAll: true);

    public static SemiJoin Names(NameCategory category) => new(category, IsText: false);

    public bool Drives(SemiJoin? driver) => driver is { } d && (d.IsAll || d with { ByScan = false } == this);
}

/// <summary>The listing's two tag conditions: by tag id (<c>tags_any</c>) and by tag name (<c>tags</c>).</summary>
public enum TagList
{
    Ids,
    Names,
}
