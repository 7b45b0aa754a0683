namespace RasaPlatform.Core.Listing.Filters;

/// <summary>
/// A listing filter's condition in a form both the listing index and the stores' SQL derive their own evaluation
/// from, so that a filter declared with one (<see cref="ListingFilter.Condition"/>) needs no code of its own in
/// either. Conditions are over a conversation's <see cref="ListingMarks"/> and its <see cref="ListingColumn"/>s.
/// </summary>
public abstract record ListingCondition
{
    /// <summary>The conversation's marks, restricted to <paramref name="Mask"/>, are one of <paramref name="Allowed"/>.</summary>
    /// <example><c>new MarksIn(Reviewed | SavedForLater, [None, Reviewed])</c>: unread or reviewed.</example>
    public sealed record MarksIn(ListingMarks Mask, IReadOnlyList<ListingMarks> Allowed) : ListingCondition;

    /// <summary>The column's value is at least <paramref name="Bound"/>; a missing value never is.</summary>
    public sealed record AtLeast(ListingColumn Column, double Bound) : ListingCondition;

    /// <summary>The condition does not hold.</summary>
    public sealed record Negated(ListingCondition Condition) : ListingCondition;

    /// <summary>Every condition holds.</summary>
    public sealed record All(IReadOnlyList<ListingCondition> Conditions) : ListingCondition;

    /// <summary>Some slot value of the conversation meets ANY of the items (<see cref="SlotCondition"/>).</summary>
    public sealed record SlotsMatch(IReadOnlyList<SlotCondition> Items) : ListingCondition;

    /// <summary>The conversation has ANY of the names of the category (none given: it has none of them).</summary>
    public sealed record NamesAny(NameCategory Category, IReadOnlyList<string> Names) : ListingCondition;

    /// <summary>
    /// Whether a conversation with these marks, column values, slot values and names meets the condition: the meaning
    /// both evaluations keep.
    /// </summary>
    public bool Holds(
        ListingMarks marks,
        Func<ListingColumn, double?> column,
        IReadOnlyList<SlotValue>? slots = null,
        Func<NameCategory, string, bool>? hasName = null) => this switch
    {
        MarksIn m => m.Allowed.Contains(marks & m.Mask),
        AtLeast a => column(a.Column) is { } value && value >= a.Bound,
        Negated n => !n.Condition.Holds(marks, column, slots, hasName),
        All all => all.Conditions.All(c => c.Holds(marks, column, slots, hasName)),
        SlotsMatch match => match.Items.Any(i => i.Matches(slots ?? [])),
        NamesAny names => hasName is not null && names.Names.Any(n => hasName(names.Category, n)),
        _ => throw new InvalidOperationException($"Unknown condition {GetType().Name}."),
    };
}

/// <summary>The numbers of a conversation that a <see cref="ListingCondition"/> may compare.</summary>
public enum ListingColumn
{
    /// <summary>When it was last active: its latest user message's time, or its latest event's without user messages (Unix seconds).</summary>
    LastActivity,
}
