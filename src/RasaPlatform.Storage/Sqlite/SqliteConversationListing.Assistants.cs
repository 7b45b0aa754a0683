using System.Data.Common;
using System.Globalization;
using RasaPlatform.Core.Listing;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.Sqlite;

/// <summary>Where the assistant set drives the page or the count, and where the indexed column conditions do.</summary>
public sealed partial class SqliteConversationListing
{
    /// <summary>
    /// How many index entries of a column condition cost about as much as one row look-up: what reading the assistant's
    /// own index range costs per match, when each match's row must be read for the other conditions (measured at 100k
    /// conversations: 80k index entries in 15 ms, 10k row look-ups in 25 to 30 ms).
    /// </summary>
    private const int RowLookupCost = 8;

    /// <summary>The drivers of a query with an assistant set that excludes some conversation.</summary>
    /// <remarks>
    /// <para>
    /// The page: a rare condition drives as without an assistant set. Otherwise, in recency order, the assistant
    /// index is read in that order (each of several assistants' ranges up to the page's end, which SQLite merges
    /// cheaply), and every other condition probed, unless an indexed column condition is narrower: the planner then
    /// reads that index, which holds the assistant beside its own column, and sorts its matches.
    /// </para>
    /// <para>
    /// The count: the rarest condition drives, with the assistant checked in the driver's rows, unless an indexed column
    /// condition is narrower, counting it by its own index with the assistant checked in the index entries. Against the
    /// assistant's range, a column range wins while it is under <see cref="RowLookupCost"/> times as long.
    /// </para>
    /// </remarks>
    private static async Task<(SemiJoin? Page, SemiJoin? Count)> WithAssistantsAsync(
        DbConnection connection,
        DbTransaction transaction,
        ConversationListQuery query,
        (SemiJoin Condition, long Matches) rarest,
        long assistants,
        long conversations,
        SemiJoin? pageDriver,
        SemiJoin? countDriver,
        CancellationToken cancellationToken)
    {
        var inOrder = pageDriver is null && query.Order == ConversationOrder.LatestEventTimeDescending;
        var countBy = rarest.Condition.IsAssistant ? assistants * RowLookupCost : rarest.Matches;

        // No column range is longer than every conversation: past that, a column condition counts, whatever its length.
        var columnCounts = countBy >= conversations && IndexedColumnConditions(query.Filter).Any();
        var cap = Math.Max(columnCounts ? 0 : countBy, inOrder ? assistants : 0);
        var narrowest = await NarrowestColumnConditionAsync(connection, transaction, query.Filter, cap, cancellationToken).ConfigureAwait(false);
        return (
            inOrder && !(narrowest < assistants) ? SemiJoin.Assistant : pageDriver,
            columnCounts || narrowest < countBy ? null : countDriver);
    }

    /// <summary>
    /// The fewest conversations an indexed column condition matches, each counted from its index up to
    /// <paramref name="cap"/>; null when there is no such condition or the cap is 0.
    /// </summary>
    private static async Task<long?> NarrowestColumnConditionAsync(
        DbConnection connection,
        DbTransaction transaction,
        ConversationFilter filter,
        long cap,
        CancellationToken cancellationToken)
    {
        long? narrowest = null;
        foreach (var (condition, parameters) in cap > 0 ? IndexedColumnConditions(filter) : [])
        {
            await using var command = connection.CreateCommand(
                transaction,
                $"SELECT COUNT(*) FROM (SELECT 1 FROM conversation_metadata m WHERE {condition} LIMIT @cap)",
                [.. parameters, ("cap", cap)]);
            var count = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            narrowest = Math.Min(narrowest ?? count, count);
        }

        return narrowest;
    }
}
