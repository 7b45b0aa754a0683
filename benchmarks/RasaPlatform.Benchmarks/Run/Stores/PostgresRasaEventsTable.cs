using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using RasaPlatform.Benchmarks.Run.Analytics;
using RasaPlatform.Benchmarks.Run.Listing;

namespace RasaPlatform.Benchmarks.Run.Stores;

/// <summary>Rasa's <c>events</c> table in a database of its own; rows go in by binary <c>COPY</c>.</summary>
internal sealed class PostgresRasaEventsTable(string connectionString) : IRasaEventsTable
{
    private const string Schema = """
        CREATE TABLE events (
            id          SERIAL PRIMARY KEY,
            sender_id   VARCHAR(255) NOT NULL,
            type_name   VARCHAR(255) NOT NULL,
            timestamp   DOUBLE PRECISION,
            intent_name VARCHAR(255),
            action_name VARCHAR(255),
            data        TEXT
        );
        CREATE INDEX ix_events_sender_id ON events (sender_id);
        """;

    private const string Copy =
        "COPY events (sender_id, type_name, timestamp, intent_name, action_name, data) FROM STDIN (FORMAT BINARY)";

    public async Task CreateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(Schema, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task InsertAsync(IReadOnlyList<RasaEventRow> rows, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var importer = await connection.BeginBinaryImportAsync(Copy, cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(row.SenderId, NpgsqlDbType.Varchar, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(row.TypeName, NpgsqlDbType.Varchar, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(row.Timestamp, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
            await WriteNullableAsync(importer, row.IntentName, cancellationToken).ConfigureAwait(false);
            await WriteNullableAsync(importer, row.ActionName, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(row.Data, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        }

        await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> ReadAsync(string senderId, bool messagesOnly, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var sql = "SELECT data FROM events WHERE sender_id = @s"
            + (messagesOnly ? " AND type_name IN " + RasaEventRow.MessageTypesSql : "") + " ORDER BY id";
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("s", senderId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            using var parsed = JsonDocument.Parse(reader.GetString(0));
            rows++;
        }

        return rows;
    }

    public BaselineSql Sql { get; } = new PostgresBaselineSql();

    public async Task<IReadOnlyList<(string? Text, long Count)>> QueryAsync(SqlText query, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(query.Sql, connection) { CommandTimeout = 0 };
        foreach (var (name, value) in query.Parameters)
        {
            command.Parameters.AddWithValue(name.TrimStart('@'), value);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<(string?, long)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add((reader.IsDBNull(0) ? null : reader.GetString(0), reader.FieldCount > 1 && !reader.IsDBNull(1) ? reader.GetInt64(1) : 0));
        }

        return rows;
    }

    public AnalyticsSql Analytics { get; } = new PostgresAnalyticsSql();

    public async Task<IReadOnlyList<double[]>> QueryNumbersAsync(SqlText query, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(query.Sql, connection) { CommandTimeout = 0 };
        foreach (var (name, value) in query.Parameters)
        {
            command.Parameters.AddWithValue(name.TrimStart('@'), value);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await NumberRows.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    public async Task FlagAsync(IReadOnlyList<(string SenderId, double Timestamp)> messages, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var create = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS flags (sender_id VARCHAR(255) NOT NULL, timestamp DOUBLE PRECISION NOT NULL)", connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var (sender, timestamp) in messages)
        {
            await using var insert = new NpgsqlCommand("INSERT INTO flags (sender_id, timestamp) VALUES (@s, @t)", connection);
            insert.Parameters.AddWithValue("s", sender);
            insert.Parameters.AddWithValue("t", timestamp);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await importer.WriteAsync(value, NpgsqlDbType.Varchar, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }
}
