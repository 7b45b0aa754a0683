using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using RasaPlatform.Core.Listing;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.Sqlite;

/// <summary>The listing in the SQLite file, with its own choice of join order.</summary>
/// <remarks>
/// <para>
/// SQLite's planner cannot know how many conversations a name or a text fragment matches, and by default reads every
/// match of an <c>IN</c> list before sorting: a common intent then costs a pass over most conversations. So this
/// dialect asks first, from indexes and count tables alone: how many name rows each name list has, how many
/// conversations carry the tags of a tag list, and how many conversations hold the rarest trigram of the fragment. The
/// rarest condition drives the query when it is rare enough; otherwise the sort index is read in order and every
/// condition is probed row by row, which finds a first page of a common filter after a few dozen rows. A condition
/// known to match nothing ends the query before it runs.
/// </para>
/// <para>
/// The text index is an FTS5 trigram index that answers GLOB (not LIKE) because it is case-sensitive, which it may be
/// because text and fragment are both lower-cased. A fragment shorter than three characters has no trigram: it is
/// always probed.
/// </para>
/// <para>
/// An assistant set is counted exactly from the count tables and competes like a name list; its own index holds it
/// in recency order, and the indexed column conditions hold it beside their own column (see the Assistants part).
/// </para>
/// </remarks>
public sealed partial class SqliteConversationListing(SqliteConnections connections) : SqlConversationListing
{
    /// <summary>
    /// The trigram index for fragments of three or more characters; shorter ones have no trigram, and a sequential
    /// pass over the texts is then cheaper than probing them in sort order when the fragment is rare.
    /// </summary>
    protected override string TextDriveCondition(string fragment, Func<object?, string> bind, bool byScan) => Trigrams(fragment).Count > 0 && !byScan
        ? $"m.conversation_id IN (SELECT rowid FROM conversation_text_index WHERE text GLOB {bind(GlobPattern(fragment))})"
        : $"m.conversation_id IN (SELECT conversation_id FROM conversation_text WHERE instr(text, {bind(fragment)}) > 0)";

    /// <summary>
    /// The text alone, counted in one pass over the texts: every text has its metadata row, and not materialising the
    /// matches' ids to probe the metadata with them saves a third of the pass.
    /// </summary>
    protected override (string Sql, List<(string Name, object? Value)> Parameters)? DirectCount(ConversationFilter filter, SemiJoin? driver) =>
        driver is { ByScan: true } && !filter.NameConditions().Any() && OnlySemiJoins(filter)
            ? ("SELECT COUNT(*) FROM conversation_text WHERE instr(text, @fragment) > 0", [("@fragment", filter.Text)])
            : null;

    /// <summary>SQLite's documented unary plus: the planner then does not use the column's index for the term.</summary>
    protected override string WithoutIndex(string column) => "+" + column;

    protected override string TextProbeCondition(string parameter) =>
        $"EXISTS (SELECT 1 FROM conversation_text t WHERE t.conversation_id = m.conversation_id AND instr(t.text, {parameter}) > 0)";

    /// <summary><c>*fragment*</c>, with GLOB's own wildcards in the fragment made literal by brackets.</summary>
    private static string GlobPattern(string fragment)
    {
        var pattern = new StringBuilder(fragment.Length + 8).Append('*');
        foreach (var c in fragment)
        {
            _ = c is '*' or '?' or '[' ? pattern.Append('[').Append(c).Append(']') : pattern.Append(c);
        }

        return pattern.Append('*').ToString();
    }

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await connections.OpenAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>A deferred transaction: a read snapshot in WAL that never blocks a writer.</summary>
    protected override ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

    protected override async Task<ListingPlan> PlanAsync(
        DbConnection connection,
        DbTransaction transaction,
        ConversationListQuery query,
        long? assistantMatches,
        CancellationToken cancellationToken)
    {
        var filter = query.Filter;
        var estimates = new List<(SemiJoin Condition, long Matches)>();
        foreach (var (category, names) in filter.NameConditions())
        {
            estimates.Add((SemiJoin.Names(category), await NameCountAsync(connection, transaction, category, names, null, cancellationToken).ConfigureAwait(false)));
        }

        estimates.AddRange(await TagEstimatesAsync(connection, transaction, filter, cancellationToken).ConfigureAwait(false));

        if (!string.IsNullOrEmpty(filter.Text))
        {
            // Without a trigram nothing estimates the fragment: it drives with a pass over the texts, whose cost is
            // bounded, rather than risk probing every conversation in sort order for a rare one.
            estimates.Add(Trigrams(filter.Text) is { Count: > 0 } trigrams
                ? (SemiJoin.Text, await RarestTrigramAsync(connection, transaction, trigrams, cancellationToken).ConfigureAwait(false))
                : (SemiJoin.Text, -1));
        }

        // The assistant set's count is exact (training_counts); it competes with the semi-joins to drive.
        if (assistantMatches is { } assistants)
        {
            estimates.Add((SemiJoin.Assistant, assistants));
        }

        if (estimates.Count == 0)
        {
            var counted = await CountedTotalAsync(connection, transaction, filter, cancellationToken).ConfigureAwait(false);
            return new ListingPlan(null, null, Empty: counted == 0, Total: counted);
        }

        if (estimates.Any(e => e.Matches == 0))
        {
            return new ListingPlan(null, null, Empty: true);
        }

        if (estimates.FirstOrDefault(e => e.Matches < 0) is { Matches: < 0 } unestimated)
        {
            return new ListingPlan(SemiJoin.TextByScan, SemiJoin.TextByScan);
        }

        var rarest = estimates.MinBy(e => e.Matches);
        var conversations = await ScalarAsync(connection, transaction, "SELECT COALESCE(MAX(conversation_id), 0) FROM conversation_metadata", cancellationToken).ConfigureAwait(false);

        // Reading the rarest condition's matches costs about as much per match as probing a row in sort order; probing
        // reads about (offset + limit) * conversations / matches rows. Drive when that is the larger of the two.
        var window = (double)query.Offset + query.Limit;
        var drive = (double)rarest.Matches * rarest.Matches < 2 * window * conversations;

        // A text candidate costs the trigram lists' merge, a look-up of its text and the match, measured at about 15
        // times a step of a plain pass over every text: past a fifteenth of the conversations, a text alone is counted
        // by that pass. Combined with other conditions the pass's matches would have to be materialised and probed,
        // which costs more than the candidates (150 against 99 ms at 100k conversations): the index drives then.
        var textAlone = rarest.Condition.IsText && !filter.NameConditions().Any() && OnlySemiJoins(filter);
        SemiJoin? countDriver = textAlone && rarest.Matches * TextCandidateCost > conversations ? SemiJoin.TextByScan : rarest.Condition;
        var pageDriver = drive ? rarest.Condition : (SemiJoin?)null;

        if (assistantMatches is { } assistantConversations)
        {
            (pageDriver, countDriver) = await WithAssistantsAsync(
                connection, transaction, query, rarest, assistantConversations, conversations, pageDriver, countDriver, cancellationToken).ConfigureAwait(false);
        }
        else if (await NarrowerColumnConditionAsync(connection, transaction, filter, rarest.Matches, cancellationToken).ConfigureAwait(false))
        {
            // An indexed column condition narrower than the rarest semi-join should drive the count instead: its index
            // range is read and each semi-join probed, rather than every match of the semi-join read and its row checked.
            countDriver = null;
        }

        var total = await KnownTotalAsync(connection, transaction, filter, estimates, cancellationToken).ConfigureAwait(false);
        return new ListingPlan(pageDriver, countDriver, Total: total);
    }

    /// <summary>Whether some indexed column condition matches fewer than <paramref name="cap"/> conversations.</summary>
    /// <remarks>Each is counted from its index, stopping at the cap, so asking costs at most what it saves.</remarks>
    private static async Task<bool> NarrowerColumnConditionAsync(
        DbConnection connection,
        DbTransaction transaction,
        ConversationFilter filter,
        long cap,
        CancellationToken cancellationToken)
    {
        foreach (var (condition, parameters) in IndexedColumnConditions(filter))
        {
            await using var command = connection.CreateCommand(
                transaction,
                $"SELECT COUNT(*) FROM (SELECT 1 FROM conversation_metadata m WHERE {condition} LIMIT @cap)",
                [.. parameters, ("cap", cap)]);
            if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) < cap)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The filter's conditions on one indexed column each, as SQL with its parameters.</summary>
    private static IEnumerable<(string Sql, (string Name, object? Value)[] Parameters)> IndexedColumnConditions(ConversationFilter f)
    {
        static (string, (string, object?)[]) Between(string column, object? low, object? high) =>
            ($"{(low is null ? "" : $"m.{column} >= @low")}{(low is null || high is null ? "" : " AND ")}{(high is null ? "" : $"m.{column} <= @high")}",
             [("low", low), ("high", high)]);

        if (f.Start is not null || f.Until is not null)
        {
            yield return Between("latest_user_event_time", f.Start, f.Until);
        }

        if (f.MinimumUserMessages is { } messages)
        {
            yield return Between("n_user_messages", messages, null);
        }

        if (f.MinimumConfidence is not null || f.MaximumConfidence is not null)
        {
            yield return Between("minimum_action_confidence", f.MinimumConfidence, f.MaximumConfidence);
        }

        if (f.MinimumNluConfidence is not null || f.MaximumNluConfidence is not null)
        {
            yield return Between("minimum_intent_confidence", f.MinimumNluConfidence, f.MaximumNluConfidence);
        }

        if (f.InputChannels.Count > 0)
        {
            yield return ($"m.latest_input_channel IN ({string.Join(", ", f.InputChannels.Select((_, i) => "@c" + i.ToString(CultureInfo.InvariantCulture)))})",
                [.. f.InputChannels.Select((c, i) => ("c" + i.ToString(CultureInfo.InvariantCulture), (object?)c))]);
        }
    }

    /// <summary>How many plain text steps a trigram-index candidate costs (measured at 1M conversations).</summary>
    private const int TextCandidateCost = 15;

    /// <summary>The exact total when the count tables or the trigram index hold it, else null.</summary>
    /// <remarks>
    /// A three-character fragment is one trigram, and the index knows exactly how many texts hold it (not so "aaaa",
    /// whose only trigram is "aaa"); so does <c>name_counts</c> for one name, of every assistant or of some.
    /// </remarks>
    private static async Task<long?> KnownTotalAsync(
        DbConnection connection,
        DbTransaction transaction,
        ConversationFilter filter,
        List<(SemiJoin Condition, long Matches)> estimates,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(filter.Text))
        {
            return await CountedTotalAsync(connection, transaction, filter, cancellationToken).ConfigureAwait(false);
        }

        return estimates is [{ Condition.IsText: true } only] && filter.Text.EnumerateRunes().Count() == 3 && OnlySemiJoins(filter)
            ? only.Matches
            : null;
    }

    /// <summary>The fragment's trigrams as FTS5's trigram tokenizer cuts them: three code points each.</summary>
    private static List<string> Trigrams(string fragment)
    {
        var runes = fragment.EnumerateRunes().Select(r => r.ToString()).ToList();
        return [.. Enumerable.Range(0, Math.Max(0, runes.Count - 2)).Select(i => runes[i] + runes[i + 1] + runes[i + 2]).Distinct()];
    }

    /// <summary>How many conversations hold the fragment's rarest trigram (0 when one is held by none): an upper bound.</summary>
    private static async Task<long> RarestTrigramAsync(
        DbConnection connection,
        DbTransaction transaction,
        List<string> trigrams,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var list = string.Join(", ", trigrams.Select((t, i) => command.AddParameter("t" + i.ToString(CultureInfo.InvariantCulture), t).ParameterName));
        command.CommandText = $"SELECT term, doc FROM conversation_text_terms WHERE term IN ({list})";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var found = 0;
        var rarest = long.MaxValue;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            found++;
            rarest = Math.Min(rarest, reader.GetInt64(1));
        }

        return found < trigrams.Count ? 0 : rarest;
    }

    private static async Task<long> ScalarAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand(transaction, sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }
}
