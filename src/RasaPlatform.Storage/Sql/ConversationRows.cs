using System.Data.Common;
using System.Globalization;

namespace RasaPlatform.Storage.Sql;

/// <summary>Reads rows of a page's conversations from a side table, grouped by conversation: what a listed item carries beside its metadata.</summary>
internal static class ConversationRows
{
    /// <summary>
    /// The rows <paramref name="sql"/> gives for the conversations <paramref name="ids"/>, grouped by their first
    /// column (the conversation's id), in the order read; conversations without rows are left out.
    /// </summary>
    /// <param name="connection">The page's connection.</param>
    /// <param name="transaction">The page's snapshot.</param>
    /// <param name="ids">The conversations.</param>
    /// <param name="sql">The query, given the ids as an SQL list (<c>1, 2, 3</c>); its first column is the conversation's id.</param>
    /// <param name="read">Reads one row from the second column on.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<Dictionary<long, List<T>>> GroupedAsync<T>(
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyCollection<long> ids,
        Func<string, string> sql,
        Func<DbDataReader, T> read,
        CancellationToken cancellationToken)
    {
        var result = new Dictionary<long, List<T>>();
        if (ids.Count == 0)
        {
            return result;
        }

        var idList = string.Join(", ", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)));
        await using var command = connection.CreateCommand(transaction, sql(idList));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = reader.GetInt64(0);
            if (!result.TryGetValue(id, out var rows))
            {
                result[id] = rows = [];
            }

            rows.Add(read(reader));
        }

        return result;
    }
}
