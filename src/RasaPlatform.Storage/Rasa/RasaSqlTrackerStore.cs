using System.Data.Common;
using System.Runtime.CompilerServices;
using RasaPlatform.Core.Import;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.Rasa;

/// <summary>
/// A Rasa <c>SQLTrackerStore</c> database read for import: its table <c>events(id, sender_id, type_name, timestamp,
/// intent_name, action_name, data)</c>, <c>data</c> holding each event's JSON without <c>sender_id</c>.
/// </summary>
/// <remarks>
/// Conversations come in the order of their first row and their events in row order (Rasa's timestamps are not
/// unique), in one query that groups each conversation's rows together. Rasa's rows are only read.
/// </remarks>
public sealed class RasaSqlTrackerStore : IRasaConversationSource
{
    private const string CountRows = "SELECT COUNT(*) FROM events";

    /// <summary>The conversations whose first row comes after <c>@after</c>, by their first row.</summary>
    private const string Firsts = "SELECT sender_id, MIN(id) AS first_id FROM events GROUP BY sender_id HAVING MIN(id) > @after";

    private const string CountRowsAfter = $"SELECT COUNT(*) FROM events e JOIN ({Firsts}) f ON f.sender_id = e.sender_id";

    private const string ReadRows = $"""
        SELECT e.sender_id, f.first_id, e.data
        FROM events e
        JOIN ({Firsts}) f ON f.sender_id = e.sender_id
        ORDER BY f.first_id, e.id
        """;

    private readonly Func<DbConnection> _connect;

    private RasaSqlTrackerStore(RasaDatabase database)
    {
        Name = database.Name;
        _connect = database.Connect;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The database a connection string names: PostgreSQL (<c>Host=…</c>) or SQLite (<c>Data Source=path</c>).</summary>
    /// <exception cref="ArgumentException">The string names neither.</exception>
    public static RasaSqlTrackerStore Open(string connectionString) =>
        new(RasaDatabase.FromConnectionString(connectionString, "Rasa SQL tracker store"));

    /// <inheritdoc />
    public async Task<long> CountRowsAsync(long afterFirstRowId, CancellationToken cancellationToken)
    {
        await using var connection = _connect();
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = afterFirstRowId <= 0
            ? connection.CreateCommand(CountRows)
            : connection.CreateCommand(CountRowsAfter, ("after", afterFirstRowId));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<RasaStoredConversation> ReadAsync(long afterFirstRowId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = _connect();
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(ReadRows, ("after", afterFirstRowId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        string? sender = null;
        long first = 0;
        var events = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var rowSender = reader.GetString(0);
            if (sender is not null && rowSender != sender)
            {
                yield return new RasaStoredConversation(sender, first, events);
                events = [];
            }

            sender = rowSender;
            first = reader.GetInt64(1);
            events.Add(reader.IsDBNull(2) ? "" : reader.GetString(2));
        }

        if (sender is not null)
        {
            yield return new RasaStoredConversation(sender, first, events);
        }
    }
}
