using RasaPlatform.Core.Listing;

namespace RasaPlatform.Storage.Sql;

/// <summary>The distinct names and the assistants, read from the count tables of migration 013.</summary>
/// <remarks>
/// A count row of 0 remains after its last conversation goes (rows are never deleted by the triggers), so every read
/// keeps only rows above 0.
/// </remarks>
public abstract partial class SqlConversationListing
{
    /// <summary>The names of a kind some conversation lists, from the count table (a row per name and assistant).</summary>
    private const string DistinctNames = "SELECT DISTINCT name FROM name_counts WHERE kind = @kind AND conversations > 0";

    /// <summary>The assistants with conversations; <c>''</c> holds those whose metadata names none.</summary>
    private const string AssistantTotals = """
        SELECT assistant_id, SUM(conversations) FROM training_counts WHERE assistant_id <> ''
        GROUP BY assistant_id HAVING SUM(conversations) > 0
        """;

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> DistinctNamesAsync(
        NameCategory category,
        IReadOnlySet<string>? assistants,
        CancellationToken cancellationToken)
    {
        if (assistants is { Count: 0 })
        {
            return [];
        }

        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(DistinctNames, ("kind", (short)category));
        command.CommandText += assistants is null ? "" : " AND " + AssistantCondition(command, assistants);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var names = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            names.Add(reader.GetString(0));
        }

        // The server's collation may order differently; the API promises ordinal order on every store.
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AssistantConversations>> AssistantsAsync(IReadOnlySet<string>? assistants, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(AssistantTotals);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var result = new List<AssistantConversations>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var name = reader.GetString(0);
            if (assistants is null || assistants.Contains(name))
            {
                result.Add(new AssistantConversations(name, reader.GetInt64(1)));
            }
        }

        // Ordinal, whatever the server's collation.
        result.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return result;
    }
}
