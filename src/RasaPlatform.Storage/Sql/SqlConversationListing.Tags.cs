using System.Data.Common;
using System.Globalization;
using RasaPlatform.Core.Listing;

namespace RasaPlatform.Storage.Sql;

/// <summary>The tag filters (<c>tags_any</c> by id, <c>tags</c> by name) as semi-joins on <c>conversation_tags</c>.</summary>
public abstract partial class SqlConversationListing
{
    /// <summary>The filter's tag conditions: <c>IN</c> for the one that drives, correlated probes otherwise.</summary>
    /// <param name="filter">The conditions.</param>
    /// <param name="driver">The semi-join written as <c>IN</c>.</param>
    /// <param name="bind">Binds a value and gives its parameter name (with <c>@</c>).</param>
    private static IEnumerable<string> TagConditions(ConversationFilter filter, SemiJoin? driver, Func<object?, string> bind)
    {
        if (filter.TagIds.Count > 0)
        {
            var ids = string.Join(", ", filter.TagIds.Select(id => bind(id)));
            yield return SemiJoin.TagIds.Drives(driver)
                ? $"m.conversation_id IN (SELECT conversation_id FROM conversation_tags WHERE tag_id IN ({ids}))"
                : $"EXISTS (SELECT 1 FROM conversation_tags l WHERE l.conversation_id = m.conversation_id AND l.tag_id IN ({ids}))";
        }

        if (filter.TagNames.Count > 0)
        {
            var names = string.Join(", ", filter.TagNames.Select(name => bind(name)));
            yield return SemiJoin.TagNames.Drives(driver)
                ? $"m.conversation_id IN (SELECT l.conversation_id FROM tags t JOIN conversation_tags l ON l.tag_id = t.id WHERE t.name IN ({names}))"
                : $"""
                    EXISTS (SELECT 1 FROM conversation_tags l JOIN tags t ON t.id = l.tag_id
                            WHERE l.conversation_id = m.conversation_id AND t.name IN ({names}))
                    """;
        }
    }

    /// <summary>
    /// For each tag condition of the filter, how many conversations carry its tags, summed over the tags (from
    /// <c>tag_counts</c>): an upper bound, 0 exactly when no conversation carries any of them.
    /// </summary>
    protected static async Task<List<(SemiJoin Condition, long Matches)>> TagEstimatesAsync(
        DbConnection connection,
        DbTransaction transaction,
        ConversationFilter filter,
        CancellationToken cancellationToken)
    {
        var estimates = new List<(SemiJoin, long)>();
        if (filter.TagIds.Count > 0)
        {
            estimates.Add((SemiJoin.TagIds, await SumAsync(
                list => $"SELECT COALESCE(SUM(conversations), 0) FROM tag_counts WHERE tag_id IN ({list})", filter.TagIds.Cast<object>()).ConfigureAwait(false)));
        }

        if (filter.TagNames.Count > 0)
        {
            estimates.Add((SemiJoin.TagNames, await SumAsync(
                list => $"SELECT COALESCE(SUM(c.conversations), 0) FROM tags t JOIN tag_counts c ON c.tag_id = t.id WHERE t.name IN ({list})", filter.TagNames).ConfigureAwait(false)));
        }

        return estimates;

        async Task<long> SumAsync(Func<string, string> sql, IEnumerable<object> values)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var list = string.Join(", ", values.Select((v, i) => command.AddParameter("v" + i.ToString(CultureInfo.InvariantCulture), v).ParameterName));
            command.CommandText = sql(list);
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }
    }
}
