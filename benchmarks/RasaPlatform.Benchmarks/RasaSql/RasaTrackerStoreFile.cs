using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace RasaPlatform.Benchmarks.RasaSql;

/// <summary>
/// A SQLite database laid out as Rasa's SQLTrackerStore lays it out (REFERENCE.md §9), written from a data set's NDJSON:
/// one row per event, <c>data</c> without <c>sender_id</c>, rows interleaved across conversations as a busy assistant
/// writes them.
/// </summary>
/// <remarks>
/// The data set holds each conversation's events together, and its conversations rarely overlap in time (a year of
/// them). Rows are written round-robin across a window of <see cref="Window"/> conversations, one row of each in
/// turn: more overlap than most assistants have, the reader's hardest case, with memory bounded whatever the data
/// set's size. Each conversation's rows stay in its own order.
/// </remarks>
internal static class RasaTrackerStoreFile
{
    /// <summary>How many conversations are interleaved at a time.</summary>
    public const int Window = 1_000;

    /// <summary>Finds the database for <paramref name="ndjson"/> beside it, or writes it; returns its path.</summary>
    public static string Prepare(string ndjson, TextWriter log)
    {
        var path = Path.ChangeExtension(ndjson, ".rasa-sqltrackerstore-roundrobin.db");
        if (File.Exists(path))
        {
            log.WriteLine($"data: reusing {path}");
            return path;
        }

        var partial = path + ".partial";
        File.Delete(partial);
        Write(ndjson, partial);
        File.Move(partial, path);
        log.WriteLine($"data: wrote {path}");
        return path;
    }

    private static void Write(string ndjson, string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        Execute(connection, """
            CREATE TABLE events (
                id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, type_name VARCHAR(255) NOT NULL,
                timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT);
            CREATE INDEX ix_events_sender_id ON events (sender_id);
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
            """);
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) VALUES ($s, $t, $ts, $i, $a, $d)";
        var (sender, type, timestamp, intent, action, data) = (
            insert.Parameters.Add("$s", SqliteType.Text), insert.Parameters.Add("$t", SqliteType.Text), insert.Parameters.Add("$ts", SqliteType.Real),
            insert.Parameters.Add("$i", SqliteType.Text), insert.Parameters.Add("$a", SqliteType.Text), insert.Parameters.Add("$d", SqliteType.Text));

        var window = new Queue<Queue<Row>>();
        using var conversations = Conversations(ndjson).GetEnumerator();
        var more = true;
        while (more || window.Count > 0)
        {
            while (more && window.Count < Window && (more = conversations.MoveNext()))
            {
                window.Enqueue(conversations.Current);
            }

            if (!window.TryDequeue(out var next))
            {
                break;
            }

            var row = next.Dequeue();
            (sender.Value, type.Value, timestamp.Value, intent.Value, action.Value, data.Value) =
                (row.Sender, row.Type, row.Timestamp, (object?)row.Intent ?? DBNull.Value, (object?)row.Action ?? DBNull.Value, row.Data);
            insert.ExecuteNonQuery();
            if (next.Count > 0)
            {
                window.Enqueue(next);
            }
        }

        transaction.Commit();
    }

    /// <summary>The data set's conversations, each its rows in file order.</summary>
    private static IEnumerable<Queue<Row>> Conversations(string ndjson)
    {
        Queue<Row>? current = null;
        foreach (var line in File.ReadLines(ndjson))
        {
            var row = Row.Of(line);
            if (current is not null && current.Peek().Sender != row.Sender)
            {
                yield return current;
                current = null;
            }

            (current ??= new Queue<Row>()).Enqueue(row);
        }

        if (current is not null)
        {
            yield return current;
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private sealed record Row(string Sender, string Type, double Timestamp, string? Intent, string? Action, string Data)
    {
        public static Row Of(string line)
        {
            var node = JsonNode.Parse(line)!.AsObject();
            var sender = (string)node["sender_id"]!;
            node.Remove("sender_id");
            var type = (string?)node["event"] ?? "";
            return new Row(
                sender,
                type,
                node["timestamp"]?.GetValue<double>() ?? 0,
                type == "user" ? (string?)node["parse_data"]?["intent"]?["name"] : null,
                type == "action" ? (string?)node["name"] : null,
                node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        }
    }
}
