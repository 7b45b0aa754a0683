using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Listing;
using RasaPlatform.Core.Listing.Filters;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Storage.Sql;

/// <summary>The listing over <c>conversation_metadata</c>: one SQL text per query, built from the filter.</summary>
/// <remarks>
/// <para>
/// Every condition is an indexed predicate: ANY-name filters are semi-joins on <c>conversation_names</c>
/// (kind, name, conversation_id), tag filters on <c>conversation_tags</c> (tag_id, conversation_id), the text filter is
/// a semi-join on the dialect's trigram index, the rest compare indexed columns. The page and its count read one
/// snapshot.
/// </para>
/// <para>
/// The count is skipped when the page itself proves the total (a short page), which is the common case for selective
/// filters. Flags, message timestamps and tags are read for the page's conversations only.
/// </para>
/// </remarks>
public abstract partial class SqlConversationListing : IConversationListing
{
    /// <summary>Keeps conversations whose user texts contain the fragment, reading the text index first.</summary>
    /// <param name="fragment">The lower-cased fragment.</param>
    /// <param name="bind">Binds a value and gives its parameter name (with <c>@</c>).</param>
    /// <param name="byScan">Whether to read every text instead of the index's candidates (see <see cref="SemiJoin.ByScan"/>).</param>
    protected abstract string TextDriveCondition(string fragment, Func<object?, string> bind, bool byScan);

    /// <summary>Keeps conversations whose user texts contain the fragment, probing the text of the row at hand.</summary>
    /// <param name="parameter">The parameter (with <c>@</c>) bound to the lower-cased fragment itself.</param>
    protected abstract string TextProbeCondition(string parameter);

    /// <summary>Keeps conversations with a flagged message. Flagged conversations are few: their ids should drive.</summary>
    protected virtual string FlaggedCondition => "m.conversation_id IN (SELECT conversation_id FROM message_flags)";

    /// <summary>The column in a form the planner will not look up by index; by default the column itself.</summary>
    protected virtual string WithoutIndex(string column) => column;

    /// <summary>A count the dialect asks more directly than over <c>conversation_metadata</c>, or null.</summary>
    /// <param name="filter">The conditions.</param>
    /// <param name="driver">The plan's count driver.</param>
    protected virtual (string Sql, List<(string Name, object? Value)> Parameters)? DirectCount(ConversationFilter filter, SemiJoin? driver) => null;

    /// <summary>Runs before the count query, in the listing's transaction.</summary>
    protected virtual Task BeforeCountAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>Decides how to run the query; by default every semi-join is left to the engine's planner.</summary>
    /// <remarks>
    /// A total the count tables hold is taken from them (see <see cref="CountedTotalAsync"/>), and a tag filter whose
    /// tags no conversation carries answers at once.
    /// </remarks>
    /// <param name="connection">The listing's connection.</param>
    /// <param name="transaction">The listing's snapshot.</param>
    /// <param name="query">The query; its assistant set, if any, excludes some conversation.</param>
    /// <param name="assistantMatches">How many conversations the assistant set admits (more than 0), or null without one.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    protected virtual async Task<ListingPlan> PlanAsync(
        DbConnection connection,
        DbTransaction transaction,
        ConversationListQuery query,
        long? assistantMatches,
        CancellationToken cancellationToken)
    {
        if ((await TagEstimatesAsync(connection, transaction, query.Filter, cancellationToken).ConfigureAwait(false)).Any(e => e.Matches == 0))
        {
            return ListingPlan.LeaveItToThePlanner with { Empty = true };
        }

        var total = await CountedTotalAsync(connection, transaction, query.Filter, cancellationToken).ConfigureAwait(false);
        return ListingPlan.LeaveItToThePlanner with { Empty = total == 0, Total = total };
    }

    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>A transaction in which the page and its count see the same data.</summary>
    protected abstract ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <inheritdoc />
    public async Task<ConversationPage> ListAsync(ConversationListQuery query, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginSnapshotAsync(connection, cancellationToken).ConfigureAwait(false);
        (query, var assistantMatches) = await ScopeAsync(connection, transaction, query, cancellationToken).ConfigureAwait(false);
        if (assistantMatches == 0)
        {
            return new ConversationPage([], 0);
        }

        var plan = await PlanAsync(connection, transaction, query, assistantMatches, cancellationToken).ConfigureAwait(false);
        if (plan.Empty)
        {
            return new ConversationPage([], 0);
        }

        var rows = new List<(long Id, Core.Metadata.ConversationMetadata Metadata)>();
        var where = Where(query.Filter, plan.PageDriver, forPage: true, query.Order);
        await using (var page = connection.CreateCommand(transaction, Page(where.Sql, query.Order), where.Parameters))
        {
            page.AddParameter("limit", query.Limit);
            page.AddParameter("offset", query.Offset);
            await using var reader = await page.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add((reader.GetInt64(0), SqlMetadataStore.ReadMetadata(reader, 1)));
            }
        }

        long total;
        if (rows.Count < query.Limit && (rows.Count > 0 || query.Offset == 0))
        {
            total = query.Offset + rows.Count;
        }
        else if (plan.Total is { } known)
        {
            total = known;
        }
        else
        {
            await BeforeCountAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            (string Sql, List<(string Name, object? Value)> Parameters) counted;
            if (DirectCount(query.Filter, plan.CountDriver) is { } direct)
            {
                counted = direct;
            }
            else
            {
                var (sql, parameters) = Where(query.Filter, plan.CountDriver);
                counted = ($"SELECT COUNT(*) FROM conversation_metadata m{sql}", parameters);
            }

            await using var count = connection.CreateCommand(transaction, counted.Sql, counted.Parameters);
            total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }

        var items = await ListedItems.OfRowsAsync(connection, transaction, rows, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ConversationPage(items, total);
    }

    /// <summary>
    /// The query without an assistant set that admits every conversation (no condition then), and how many
    /// conversations the set it keeps admits: null without one, 0 when it admits none (nothing needs to run).
    /// </summary>
    private static async Task<(ConversationListQuery Query, long? AssistantMatches)> ScopeAsync(
        DbConnection connection,
        DbTransaction transaction,
        ConversationListQuery query,
        CancellationToken cancellationToken)
    {
        if (await AssistantMatchesAsync(connection, transaction, query.Filter.Assistants, cancellationToken).ConfigureAwait(false) is not (var matches, var all))
        {
            return (query, null);
        }

        return matches == all && matches > 0
            ? (query with { Filter = query.Filter with { Assistants = null } }, null)
            : (query, matches);
    }

    private static string Page(string where, ConversationOrder order)
    {
        var orderBy = order switch
        {
            ConversationOrder.LatestEventTimeDescending =>
                "m.latest_event_time DESC NULLS LAST, m.conversation_id DESC",
            ConversationOrder.MinimumActionConfidenceDescending =>
                "m.minimum_action_confidence DESC NULLS LAST, m.latest_event_time DESC NULLS LAST, m.conversation_id DESC",
            ConversationOrder.Arrival => "m.conversation_id",
            _ => throw new ArgumentOutOfRangeException(nameof(order), order, null),
        };
        // The page's ids are chosen first, from indexes alone where they cover the conditions and the order; only the
        // page's rows are then read whole. Reading every candidate's wide row to sort them cost most of a window's page.
        return $"""
            SELECT m.conversation_id, {SqlMetadataStore.MetadataColumns("NULL")}
            FROM (
                SELECT m.conversation_id
                FROM conversation_metadata m{where}
                ORDER BY {orderBy}
                LIMIT @limit OFFSET @offset
            ) p
            JOIN conversation_metadata m ON m.conversation_id = p.conversation_id
            ORDER BY {orderBy}
            """;
    }

    /// <summary>The WHERE clause (empty, or starting with a line break) and its parameters.</summary>
    /// <param name="filter">The conditions.</param>
    /// <param name="driver">The semi-join written as <c>IN</c>; the others are correlated probes.</param>
    /// <param name="forPage">Whether the clause is for the page (in <paramref name="order"/>) rather than the count.</param>
    /// <param name="order">The page's order.</param>
    private (string Sql, List<(string Name, object? Value)> Parameters) Where(
        ConversationFilter filter,
        SemiJoin? driver,
        bool forPage = false,
        ConversationOrder order = ConversationOrder.Arrival)
    {
        var conditions = new List<string>();
        var parameters = new List<(string Name, object? Value)>();

        string Bind(object? value)
        {
            var name = "@p" + parameters.Count.ToString(CultureInfo.InvariantCulture);
            parameters.Add((name, value));
            return name;
        }

        string List(IReadOnlyList<string> values) => string.Join(", ", values.Select(v => Bind(v)));

        foreach (var (category, names) in filter.NameConditions())
        {
            var kind = Bind((short)category);
            conditions.Add(SemiJoin.Names(category).Drives(driver)
                ? $"m.conversation_id IN (SELECT conversation_id FROM conversation_names WHERE kind = {kind} AND name IN ({List(names)}))"
                : $"EXISTS (SELECT 1 FROM conversation_names n WHERE n.kind = {kind} AND n.name IN ({List(names)}) AND n.conversation_id = m.conversation_id)");
        }

        conditions.AddRange(TagConditions(filter, driver, Bind));
        if (!string.IsNullOrEmpty(filter.Text))
        {
            conditions.Add(SemiJoin.Text.Drives(driver)
                ? TextDriveCondition(filter.Text, Bind, driver is { ByScan: true })
                : TextProbeCondition(Bind(filter.Text)));
        }

        if (filter.InputChannels.Count > 0)
        {
            conditions.Add($"m.latest_input_channel IN ({List(filter.InputChannels)})");
        }

        void Compare(string column, string op, object? value)
        {
            if (value is not null)
            {
                conditions.Add($"m.{column} {op} {Bind(value)}");
            }
        }

        Compare("latest_user_event_time", ">=", filter.Start);
        Compare("latest_user_event_time", "<=", filter.Until);
        Compare("n_user_messages", ">=", filter.MinimumUserMessages);
        Compare("minimum_action_confidence", "<=", filter.MaximumConfidence);
        Compare("minimum_action_confidence", ">=", filter.MinimumConfidence);
        Compare("minimum_intent_confidence", ">=", filter.MinimumNluConfidence);
        Compare("minimum_intent_confidence", "<=", filter.MaximumNluConfidence);
        if (filter.InTrainingData is { } training)
        {
            // Nine in ten conversations share one value, and the other is hardly rare: a page in recency order is found
            // sooner by the sort index, checked row by row, than by this column's index sorted afterwards (which SQLite
            // picks). Counts and the confidence order, which its index serves, keep the index.
            var column = forPage && order != ConversationOrder.MinimumActionConfidenceDescending
                ? WithoutIndex("m.in_training_data")
                : "m.in_training_data";
            conditions.Add($"{column} = {Bind(training)}");
        }
        if (filter.OnlyFlagged)
        {
            conditions.Add(FlaggedCondition);
        }

        if (filter.Assistants is { } assistants)
        {
            // Never empty here: a set admitting no conversation ends the listing before any query runs.
            var column = SemiJoin.Assistant.Drives(driver) ? "m.assistant_id" : WithoutIndex("m.assistant_id");
            conditions.Add($"{column} IN ({List([.. assistants.Order(StringComparer.Ordinal)])})");
        }

        conditions.AddRange(ListingFilters.ConditionsOf(filter).Select(c => ListingMarkSql.Condition(c, Bind)));
        var sql = conditions.Count == 0 ? string.Empty : "\nWHERE " + string.Join("\n  AND ", conditions);
        return (sql, parameters);
    }
}
