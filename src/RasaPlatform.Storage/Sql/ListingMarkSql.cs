using System.Globalization;
using RasaPlatform.Core.Listing;
using RasaPlatform.Core.Listing.Filters;

namespace RasaPlatform.Storage.Sql;

/// <summary>
/// Where the stores keep each <see cref="ListingMarks"/> fact, as SQL over <c>conversation_metadata m</c>, and the SQL
/// of a <see cref="ListingCondition"/> derived from it: the listing feed reads the marks for the index from here, and
/// the listing's SQL evaluates the conditions of filters declared with one (<see cref="ListingFilter.Condition"/>).
/// A new mark is one entry here.
/// </summary>
internal static class ListingMarkSql
{
    /// <summary>Each stored fact: the marks it gives and an integer expression whose value is those marks' bits (0 for none).</summary>
    public static IReadOnlyList<(ListingMarks Marks, string Expression)> Sources { get; } =
    [
        // review_status 1 and 2 are the marks Reviewed (1) and SavedForLater (2) themselves.
        (ListingMarks.Reviewed | ListingMarks.SavedForLater,
            "COALESCE((SELECT r.review_status FROM conversation_reviews r WHERE r.conversation_id = m.conversation_id), 0)"),
        (ListingMarks.Corrected,
            $"(CASE WHEN EXISTS (SELECT 1 FROM intent_corrections c WHERE c.conversation_id = m.conversation_id) THEN {(int)ListingMarks.Corrected} ELSE 0 END)"),
        (ListingMarks.SessionEnded, $"(CASE WHEN m.session_ended THEN {(int)ListingMarks.SessionEnded} ELSE 0 END)"),
    ];

    /// <summary>Every mark of the conversation, as one integer.</summary>
    public static string AllMarks { get; } = Marks(Sources.Aggregate(ListingMarks.None, (all, s) => all | s.Marks));

    /// <summary>The marks within <paramref name="mask"/>, as one integer: only the sources that give one of them are read.</summary>
    public static string Marks(ListingMarks mask)
    {
        var sources = Sources.Where(s => (s.Marks & mask) != 0).ToList();
        var missing = sources.Aggregate(mask, (left, s) => left & ~s.Marks);
        return missing == ListingMarks.None
            ? "(" + string.Join(" + ", sources.Select(s => s.Expression)) + ")"
            : throw new InvalidOperationException($"No store source gives the listing marks {missing}.");
    }

    /// <summary>The condition as SQL over <c>conversation_metadata m</c>, binding its numbers with <paramref name="bind"/>.</summary>
    public static string Condition(ListingCondition condition, Func<object?, string> bind) => condition switch
    {
        ListingCondition.MarksIn marks => marks.Allowed.Count == 0
            ? "1 = 0"
            : $"({Marks(marks.Mask)} & {Number((int)marks.Mask)}) IN ({string.Join(", ", marks.Allowed.Select(a => Number((int)(a & marks.Mask))).Distinct())})",
        ListingCondition.AtLeast atLeast => $"({Column(atLeast.Column)} IS NOT NULL AND {Column(atLeast.Column)} >= {bind(atLeast.Bound)})",
        ListingCondition.Negated negated => $"NOT ({Condition(negated.Condition, bind)})",
        ListingCondition.All all => all.Conditions.Count == 0 ? "1 = 1" : "(" + string.Join(" AND ", all.Conditions.Select(c => Condition(c, bind))) + ")",
        ListingCondition.SlotsMatch match => "(" + string.Join(" OR ", match.Items.Select(i => SlotItem(i, bind))) + ")",
        ListingCondition.NamesAny names => names.Names.Count == 0
            ? "1 = 0"
            : $"EXISTS (SELECT 1 FROM conversation_names n WHERE n.kind = {Number((short)names.Category)} AND n.name IN ({string.Join(", ", names.Names.Select(bind))}) AND n.conversation_id = m.conversation_id)",
        _ => throw new ArgumentException($"Unknown condition {condition.GetType().Name}.", nameof(condition)),
    };

    /// <summary>
    /// A lower-cased slot value row of the conversation (<see cref="NameCategory.SlotMatch"/>) starts with the slot's
    /// name and holds the fragment after it. The prefix is compared exactly (SQLite's LIKE ignores ASCII case); both
    /// dialects count <c>substr</c> in characters, as the prefix's length is given.
    /// </summary>
    private static string SlotItem(SlotCondition item, Func<object?, string> bind)
    {
        var prefix = item.Name + SlotValue.Separator;
        var length = prefix.EnumerateRunes().Count();
        return $"""
            EXISTS (SELECT 1 FROM conversation_names n WHERE n.kind = {(short)NameCategory.SlotMatch} AND n.conversation_id = m.conversation_id
                AND substr(n.name, 1, {Number(length)}) = {bind(prefix)} AND n.name LIKE {bind(Like(prefix) + "%" + Like(item.Value) + "%")} ESCAPE '\')
            """;
    }

    /// <summary>The text as a LIKE pattern that matches only itself, with <c>\</c> as the escape.</summary>
    private static string Like(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("%", "\\%", StringComparison.Ordinal)
        .Replace("_", "\\_", StringComparison.Ordinal);

    private static string Column(ListingColumn column) => column switch
    {
        ListingColumn.LastActivity => "COALESCE(m.latest_user_event_time, m.latest_event_time)",
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, null),
    };

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
