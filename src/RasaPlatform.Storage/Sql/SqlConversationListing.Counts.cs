using System.Data.Common;
using System.Globalization;
using RasaPlatform.Core.Listing;

namespace RasaPlatform.Storage.Sql;

/// <summary>Totals and estimates from the count tables of migration 006.</summary>
public abstract partial class SqlConversationListing
{
    /// <summary>The exact total when the count tables hold it, else null.</summary>
    /// <remarks>
    /// The triggers of migration 006 keep <c>training_counts</c> and <c>name_counts</c> exact in every write's
    /// transaction, so the commonest dashboard questions (everything, one <c>in_training_data</c> value, one name) cost a
    /// key lookup instead of a count over up to every conversation.
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
            await using var command = connection.CreateCommand(
                transaction,
                "SELECT COALESCE(SUM(conversations), 0) FROM training_counts" + (filter.InTrainingData is null ? "" : " WHERE in_training_data = @training"),
                filter.InTrainingData is { } training ? [("training", training)] : []);
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }

        return names is [{ Names.Count: 1 } only] && filter.InTrainingData is null
            ? await NameCountAsync(connection, transaction, only.Category, only.Names, cancellationToken).ConfigureAwait(false)
            : null;
    }

    /// <summary>Whether the filter has nothing but name lists and <c>in_training_data</c>.</summary>
    private static bool OnlyNamesOrTraining(ConversationFilter f) => string.IsNullOrEmpty(f.Text) && OnlySemiJoins(f with { InTrainingData = null });

    /// <summary>Whether the filter has nothing but name lists and the text.</summary>
    protected static bool OnlySemiJoins(ConversationFilter f) =>
        f.TagIds.Count == 0 && f.TagNames.Count == 0 && f.InputChannels.Count == 0 && f.Start is null && f.Until is null
        && f.MinimumUserMessages is null && f.MaximumConfidence is null && f.MinimumConfidence is null
        && f.MinimumNluConfidence is null && f.MaximumNluConfidence is null && f.InTrainingData is null && !f.OnlyFlagged;

    /// <summary>
    /// How many conversations list the names, summed over the names: exact for one name, else an upper bound (a
    /// conversation may list several); 0 exactly when none lists any.
    /// </summary>
    protected static async Task<long> NameCountAsync(
        DbConnection connection,
        DbTransaction transaction,
        NameCategory category,
        IReadOnlyList<string> names,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.AddParameter("kind", (short)category);
        var list = string.Join(", ", names.Select((n, i) => command.AddParameter("n" + i.ToString(CultureInfo.InvariantCulture), n).ParameterName));
        command.CommandText = $"SELECT COALESCE(SUM(conversations), 0) FROM name_counts WHERE kind = @kind AND name IN ({list})";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }
}
