using System.Data.Common;
using System.Globalization;
using RasaPlatform.Core.Listing;
using RasaPlatform.Core.Listing.Filters;

namespace RasaPlatform.Storage.Sql;

/// <summary>Totals and estimates from the count tables of migrations 006 and 013 (per assistant).</summary>
public abstract partial class SqlConversationListing
{
    /// <summary>The exact total when the count tables hold it, else null.</summary>
    /// <remarks>
    /// The triggers of migrations 006 and 013 keep <c>training_counts</c> and <c>name_counts</c> exact per assistant in
    /// every write's transaction, so the commonest dashboard questions (everything, one <c>in_training_data</c> value,
    /// one name, each for every assistant or for some) cost a key lookup instead of a count over up to every
    /// conversation. A conversation belongs to one assistant, so a sum over assistants counts none twice.
    /// </remarks>
    protected static async Task<long?> CountedTotalAsync(
        DbConnection connection,
        DbTransaction transaction,
        ConversationFilter filter,
        CancellationToken cancellationToken)
    {
        if (!OnlyNamesOrTraining(filter))
        {
            return null;
        }

        var names = filter.NameConditions().ToList();
        if (names.Count == 0)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var conditions = new List<string>();
            if (filter.InTrainingData is { } training)
            {
                conditions.Add($"in_training_data = {command.AddParameter("training", training).ParameterName}");
            }

            if (filter.Assistants is { } assistants)
            {
                conditions.Add(AssistantCondition(command, assistants));
            }

            command.CommandText = "SELECT COALESCE(SUM(conversations), 0) FROM training_counts"
                + (conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions));
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }

        return names is [{ Names.Count: 1 } only] && filter.InTrainingData is null
            ? await NameCountAsync(connection, transaction, only.Category, only.Names, filter.Assistants, cancellationToken).ConfigureAwait(false)
            : null;
    }

    /// <summary>Whether the filter has nothing but name lists, <c>in_training_data</c> and assistants.</summary>
    /// <remarks>Asked of the registry, so that a filter added later is never taken for one of these.</remarks>
    private static bool OnlyNamesOrTraining(ConversationFilter f) =>
        ListingFilters.SetsOnly(f, [.. ListingFilters.NameLists, ListingFilters.InTrainingData, ListingFilters.Assistant]);

    /// <summary>Whether the filter has nothing but name lists and the text.</summary>
    protected static bool OnlySemiJoins(ConversationFilter f) =>
        ListingFilters.SetsOnly(f, [.. ListingFilters.NameLists, ListingFilters.Text]);

    /// <summary>
    /// How many conversations list the names, summed over the names: exact for one name, else an upper bound (a
    /// conversation may list several); 0 exactly when none lists any. With <paramref name="assistants"/>, only their
    /// conversations count.
    /// </summary>
    protected static async Task<long> NameCountAsync(
        DbConnection connection,
        DbTransaction transaction,
        NameCategory category,
        IReadOnlyList<string> names,
        IReadOnlySet<string>? assistants,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.AddParameter("kind", (short)category);
        var list = string.Join(", ", names.Select((n, i) => command.AddParameter("n" + i.ToString(CultureInfo.InvariantCulture), n).ParameterName));
        command.CommandText = $"SELECT COALESCE(SUM(conversations), 0) FROM name_counts WHERE kind = @kind AND name IN ({list})"
            + (assistants is null ? "" : " AND " + AssistantCondition(command, assistants));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// How many conversations the assistant set admits, and how many there are, from <c>training_counts</c>; null
    /// without a set.
    /// </summary>
    /// <remarks>Conversations whose metadata names no assistant count in the whole only: no set admits them.</remarks>
    protected static async Task<(long Matches, long All)?> AssistantMatchesAsync(
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlySet<string>? assistants,
        CancellationToken cancellationToken)
    {
        if (assistants is null)
        {
            return null;
        }

        await using var command = connection.CreateCommand(
            transaction, "SELECT assistant_id, SUM(conversations) FROM training_counts GROUP BY assistant_id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        long matches = 0, all = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var conversations = reader.GetInt64(1);
            all += conversations;
            matches += reader.GetString(0) is { Length: > 0 } name && assistants.Contains(name) ? conversations : 0;
        }

        return (matches, all);
    }

    /// <summary>
    /// <c>assistant_id IN (…)</c> with the set's names bound to <paramref name="command"/>, in ordinal order; the set must
    /// not be empty (<c>IN ()</c> is not SQL).
    /// </summary>
    private static string AssistantCondition(DbCommand command, IReadOnlySet<string> assistants)
    {
        var list = assistants.Order(StringComparer.Ordinal)
            .Select((a, i) => command.AddParameter("a" + i.ToString(CultureInfo.InvariantCulture), a).ParameterName);
        return $"assistant_id IN ({string.Join(", ", list)})";
    }
}
