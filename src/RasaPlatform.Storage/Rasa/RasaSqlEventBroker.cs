using System.Globalization;
using RasaPlatform.Core.Feeds;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.Rasa;

/// <summary>Rasa's SQL event broker table, in PostgreSQL or SQLite, read by id and never written.</summary>
public sealed class RasaSqlEventBroker : IRasaEventBrokerSource
{
    private readonly RasaDatabase _database;
    private readonly string _readAfter;
    private readonly string _latest;

    /// <param name="database">Rasa's database.</param>
    /// <param name="table">The table's name (Rasa's default <c>events</c>); <c>schema.table</c> allowed.</param>
    /// <exception cref="ArgumentException">The table name is not one or two plain identifiers.</exception>
    public RasaSqlEventBroker(RasaDatabase database, string table)
    {
        ArgumentNullException.ThrowIfNull(database);
        var quoted = RasaDatabase.QuotedTable(table);
        _database = database;
        _readAfter = $"SELECT id, data FROM {quoted} WHERE id > @after ORDER BY id LIMIT @limit";
        _latest = $"SELECT MAX(id) FROM {quoted}";
        Name = $"{database.Name}, table {table}";
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RasaBrokerRow>> ReadAfterAsync(long afterId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = _database.Connect();
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(_readAfter, ("after", afterId), ("limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<RasaBrokerRow>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new RasaBrokerRow(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        }

        return rows;
    }

    /// <inheritdoc />
    public async Task<long?> LatestIdAsync(CancellationToken cancellationToken)
    {
        await using var connection = _database.Connect();
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(_latest);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is { } value and not DBNull
            ? Convert.ToInt64(value, CultureInfo.InvariantCulture)
            : null;
    }
}
