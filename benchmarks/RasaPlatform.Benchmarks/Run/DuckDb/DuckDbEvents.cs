using System.Globalization;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using RasaPlatform.Benchmarks.Run.Analytics;
using RasaPlatform.Benchmarks.Run.Listing;
using RasaPlatform.Benchmarks.Run.Stores;

namespace RasaPlatform.Benchmarks.Run.DuckDb;

/// <summary>
/// The second baseline: what an analyst gets by loading the NDJSON the service imports into DuckDB (in process, in
/// memory) and asking the same questions in SQL, with no service at all.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="LoadAsync"/> reads the files with <c>read_json</c> and explicit columns into one columnar table of
/// flattened event fields, <c>event_rows</c>: Rasa's own columns (<c>sender_id</c>, <c>type_name</c>,
/// <c>timestamp</c>, <c>intent_name</c>, <c>action_name</c>, filled as Rasa's SQLTrackerStore fills them) and the
/// fields the listing, analytics and statistics read from Rasa's <c>data</c> JSON (<see cref="Column"/>). The view
/// <c>events</c> adds <c>id</c>, the row's position in the files (DuckDB keeps insertion order), so that the shared
/// SQL of <see cref="BaselineSql"/> and <see cref="AnalyticsSql"/> runs here as on Rasa's table, the dialects
/// reading columns where the others read JSON.
/// </para>
/// <para>One connection; not for concurrent use.</para>
/// </remarks>
internal sealed partial class DuckDbEvents : IBaselineTable
{
    /// <summary>The JSON paths of an event that the dialects read, and the flattened column holding each.</summary>
    private static readonly Dictionary<string, string> Columns = new(StringComparer.Ordinal)
    {
        ["policy"] = "policy",
        ["confidence"] = "confidence",
        ["text"] = "text",
        ["input_channel"] = "input_channel",
        ["parse_data.intent.confidence"] = "intent_confidence",
        ["parse_data.entities"] = "entities",
        ["metadata.assistant_id"] = "assistant_id",
    };

    /// <summary>The load: <see cref="Columns"/> and Rasa's columns from <c>read_json</c> of the files, <c>{files}</c>.</summary>
    private const string Load = """
        CREATE TABLE event_rows AS
        SELECT sender_id, event AS type_name, COALESCE(timestamp, 0) AS timestamp, parse_data.intent.name AS intent_name,
            name AS action_name, policy, confidence, text, input_channel, parse_data.intent.confidence AS intent_confidence,
            list_transform(parse_data.entities, x -> x.entity) AS entities, metadata.assistant_id AS assistant_id
        FROM read_json({files}, format = 'newline_delimited', columns = {
            sender_id: 'VARCHAR', event: 'VARCHAR', timestamp: 'DOUBLE', name: 'VARCHAR', policy: 'VARCHAR',
            confidence: 'DOUBLE', text: 'VARCHAR', input_channel: 'VARCHAR',
            parse_data: 'STRUCT(intent STRUCT(name VARCHAR, confidence DOUBLE), entities STRUCT(entity VARCHAR)[])',
            metadata: 'STRUCT(assistant_id VARCHAR)'
        });
        CREATE VIEW events AS SELECT rowid AS id, * FROM event_rows;
        CREATE TABLE flags (sender_id VARCHAR NOT NULL, timestamp DOUBLE NOT NULL);
        """;

    private readonly DuckDBConnection _connection;

    private DuckDbEvents(DuckDBConnection connection) => _connection = connection;

    public BaselineSql Sql { get; } = new DuckDbBaselineSql();

    public AnalyticsSql Analytics { get; } = new DuckDbAnalyticsSql();

    /// <summary>A fresh in-memory DuckDB database.</summary>
    public static async Task<DuckDbEvents> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new DuckDBConnection("DataSource=:memory:");
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return new DuckDbEvents(connection);
    }

    /// <summary>
    /// The column of the event that <see cref="Listing.BaselineSql"/> reads at the dotted JSON <paramref name="path"/> of
    /// <paramref name="data"/> (<c>data</c>, or an alias's <c>e.data</c>), qualified as <paramref name="data"/> is.
    /// </summary>
    /// <exception cref="ArgumentException">The path is not one the load flattens.</exception>
    public static string Column(string data, string path)
    {
        if (!Columns.TryGetValue(path, out var column))
        {
            throw new ArgumentException($"The DuckDB table has no column for the JSON path '{path}'.", nameof(path));
        }

        var dot = data.LastIndexOf('.');
        return dot < 0 ? column : data[..(dot + 1)] + column;
    }

    /// <summary>
    /// Loads the NDJSON <paramref name="files"/> (one Rasa event per line, with its <c>sender_id</c>), in order, into
    /// <c>events</c>; once per instance.
    /// </summary>
    /// <returns>The rows loaded.</returns>
    public async Task<long> LoadAsync(IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var list = "[" + string.Join(", ", files.Select(f => "'" + Path.GetFullPath(f).Replace("'", "''", StringComparison.Ordinal) + "'")) + "]";
        await ExecuteAsync(Load.Replace("{files}", list, StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);
        return (long)(await QueryNumbersAsync(new SqlText("SELECT COUNT(*) FROM event_rows", []), cancellationToken).ConfigureAwait(false))[0][0];
    }

    /// <summary>DuckDB's version, e.g. <c>v1.5.6</c>.</summary>
    public async Task<string> VersionAsync(CancellationToken cancellationToken) =>
        (await QueryAsync(new SqlText("SELECT version()", []), cancellationToken).ConfigureAwait(false))[0].Text ?? "?";

    public async Task<IReadOnlyList<(string? Text, long Count)>> QueryAsync(SqlText query, CancellationToken cancellationToken)
    {
        await using var command = Command(query);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<(string?, long)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add((reader.IsDBNull(0) ? null : Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture),
                reader.FieldCount > 1 && !reader.IsDBNull(1) ? (long)NumberRows.Number(reader.GetValue(1)) : 0));
        }

        return rows;
    }

    public async Task<IReadOnlyList<double[]>> QueryNumbersAsync(SqlText query, CancellationToken cancellationToken)
    {
        await using var command = Command(query);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await NumberRows.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    public async Task FlagAsync(IReadOnlyList<(string SenderId, double Timestamp)> messages, CancellationToken cancellationToken)
    {
        foreach (var (sender, timestamp) in messages)
        {
            await using var command = Command(new SqlText("INSERT INTO flags VALUES (@p0, @p1)", [new("@p0", sender), new("@p1", timestamp)]));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync().ConfigureAwait(false);

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The query as a DuckDB command: its <c>@pN</c> placeholders written <c>$pN</c>, DuckDB's named parameters.</summary>
    private DuckDBCommand Command(SqlText query)
    {
        var command = _connection.CreateCommand();
        command.CommandText = Placeholder().Replace(query.Sql, "$$$1");
        foreach (var (name, value) in query.Parameters)
        {
            command.Parameters.Add(new DuckDBParameter(name.TrimStart('@'), value));
        }

        return command;
    }

    [GeneratedRegex(@"@(p[0-9]+)\b")]
    private static partial Regex Placeholder();
}
