using System.Text.Json;
using Microsoft.Data.Sqlite;
using RasaPlatform.Benchmarks.Run.Analytics;
using RasaPlatform.Benchmarks.Run.Listing;

namespace RasaPlatform.Benchmarks.Run.Stores;

/// <summary>
/// Rasa's <c>events</c> table in its own SQLite file, with the service's durability settings (WAL,
/// <c>synchronous = FULL</c>), so the ceiling is the same engine under the same promise.
/// </summary>
internal sealed class SqliteRasaEventsTable(string connectionString) : IRasaEventsTable
{
    private const string Pragmas = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;";
    private const string Schema = """
        CREATE TABLE events (
            id          INTEGER PRIMARY KEY,
            sender_id   VARCHAR(255) NOT NULL,
            type_name   VARCHAR(255) NOT NULL,
            timestamp   FLOAT,
            intent_name VARCHAR(255),
            action_name VARCHAR(255),
            data        TEXT
        );
        CREATE INDEX ix_events_sender_id ON events (sender_id);
        """;

    private const string Insert =
        "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) VALUES ($s, $t, $ts, $i, $a, $d)";

    private const string FlagsSchema = "CREATE TABLE IF NOT EXISTS flags (sender_id VARCHAR(255) NOT NULL, timestamp FLOAT NOT NULL)";

    private SqliteConnection? _writer;
    private SqliteCommand? _insert;

    public async Task CreateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = Schema;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task InsertAsync(IReadOnlyList<RasaEventRow> rows, CancellationToken cancellationToken)
    {
        var insert = await PreparedInsertAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await _writer!.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        insert.Transaction = (SqliteTransaction)transaction;
        var p = insert.Parameters;
        foreach (var row in rows)
        {
            p[0].Value = row.SenderId;
            p[1].Value = row.TypeName;
            p[2].Value = row.Timestamp;
            p[3].Value = (object?)row.IntentName ?? DBNull.Value;
            p[4].Value = (object?)row.ActionName ?? DBNull.Value;
            p[5].Value = row.Data;
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> ReadAsync(string senderId, bool messagesOnly, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM events WHERE sender_id = $s"
            + (messagesOnly ? " AND type_name IN " + RasaEventRow.MessageTypesSql : "") + " ORDER BY id";
        command.Parameters.AddWithValue("$s", senderId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            using var parsed = JsonDocument.Parse(reader.GetString(0));
            rows++;
        }

        return rows;
    }

    public BaselineSql Sql { get; } = new SqliteBaselineSql();

    public async Task<IReadOnlyList<(string? Text, long Count)>> QueryAsync(SqlText query, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = query.Sql;
        command.CommandTimeout = 0;
        foreach (var (name, value) in query.Parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<(string?, long)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add((reader.IsDBNull(0) ? null : Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture),
                reader.FieldCount > 1 && !reader.IsDBNull(1) ? reader.GetInt64(1) : 0));
        }

        return rows;
    }

    public AnalyticsSql Analytics { get; } = new SqliteAnalyticsSql();

    public async Task<IReadOnlyList<double[]>> QueryNumbersAsync(SqlText query, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = query.Sql;
        command.CommandTimeout = 0;
        foreach (var (name, value) in query.Parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await NumberRows.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    public async Task FlagAsync(IReadOnlyList<(string SenderId, double Timestamp)> messages, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = FlagsSchema;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        command.CommandText = "INSERT INTO flags (sender_id, timestamp) VALUES ($s, $t)";
        foreach (var (sender, timestamp) in messages)
        {
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$s", sender);
            command.Parameters.AddWithValue("$t", timestamp);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_insert is not null)
        {
            await _insert.DisposeAsync().ConfigureAwait(false);
        }

        if (_writer is not null)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<SqliteCommand> PreparedInsertAsync(CancellationToken cancellationToken)
    {
        if (_insert is not null)
        {
            return _insert;
        }

        _writer = await OpenAsync(cancellationToken).ConfigureAwait(false);
        _insert = _writer.CreateCommand();
        _insert.CommandText = Insert;
        foreach (var name in new[] { "$s", "$t", "$ts", "$i", "$a", "$d" })
        {
            _insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        _insert.Prepare();
        return _insert;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }
}
