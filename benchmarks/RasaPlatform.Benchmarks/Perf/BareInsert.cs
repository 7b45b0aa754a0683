using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Benchmarks.Perf;

/// <summary>
/// The floor an importer is measured against: the file's rows, computed before the clock starts, put into the same
/// (freshly migrated) tables by plain prepared single-row inserts, or binary COPY, in transactions of 50,000 rows.
/// </summary>
internal static class BareInsert
{
    private const int RowsPerTransaction = 50_000;

    private const string InsertConversation = """
        INSERT INTO conversations (sender_id, next_seq, event_count, latest_event_time, created_at_ms, updated_at_ms)
        VALUES (@sender, @count, @count, @latest, 0, 0) RETURNING id
        """;

    private const string InsertEvent = """
        INSERT INTO events (conversation_id, seq, type, timestamp, content_hash, data)
        VALUES (@conversation, @seq, @type, @timestamp, @hash, @data)
        """;

    private const string CopyEvents =
        "COPY events (conversation_id, seq, type, timestamp, content_hash, data) FROM STDIN (FORMAT BINARY)";

    public static async Task<string> RunAsync(PerfStores stores, string file, bool copy)
    {
        var (conversations, rows) = Precompute(file);
        (await stores.CreateFreshAsync().ConfigureAwait(false) as IDisposable)?.Dispose();
        await using var connection = await stores.OpenAsync().ConfigureAwait(false);
        var watch = Stopwatch.StartNew();
        var ids = InsertConversations(connection, conversations);
        for (var start = 0; start < rows.Count; start += RowsPerTransaction)
        {
            var chunk = rows.GetRange(start, Math.Min(RowsPerTransaction, rows.Count - start));
            using var transaction = connection.BeginTransaction();
            if (copy && connection is NpgsqlConnection npgsql)
            {
                Copy(npgsql, ids, chunk);
            }
            else
            {
                Insert(connection, transaction, ids, chunk);
            }

            transaction.Commit();
        }

        watch.Stop();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"events={rows.Count} s={watch.Elapsed.TotalSeconds:F2} events_per_s={rows.Count / watch.Elapsed.TotalSeconds:F0} mode={(copy ? "copy" : "prepared-insert")}");
    }

    private static (List<(string Sender, long Count, double Latest)> Conversations, List<Row> Rows) Precompute(string file)
    {
        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        var conversations = new List<(string Sender, long Count, double Latest)>();
        var rows = new List<Row>();
        foreach (var line in File.ReadLines(file))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var sender = root.GetProperty("sender_id").GetString()!;
            var timestamp = root.GetProperty("timestamp").GetDouble();
            if (!order.TryGetValue(sender, out var index))
            {
                index = order[sender] = conversations.Count;
                conversations.Add((sender, 0, 0));
            }

            var (_, count, _) = conversations[index];
            conversations[index] = (sender, count + 1, timestamp);
            rows.Add(new Row(index, count, root.GetProperty("event").GetString()!, timestamp, EventNormalizer.Hash(line), line));
        }

        return (conversations, rows);
    }

    private static long[] InsertConversations(DbConnection connection, List<(string Sender, long Count, double Latest)> conversations)
    {
        var ids = new long[conversations.Count];
        using var transaction = connection.BeginTransaction();
        using var command = Command(connection, transaction, InsertConversation, ("sender", ""), ("count", 0L), ("latest", 0d));
        for (var i = 0; i < conversations.Count; i++)
        {
            command.Parameters[0].Value = conversations[i].Sender;
            command.Parameters[1].Value = conversations[i].Count;
            command.Parameters[2].Value = conversations[i].Latest;
            ids[i] = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        transaction.Commit();
        return ids;
    }

    private static void Insert(DbConnection connection, DbTransaction transaction, long[] ids, List<Row> rows)
    {
        using var command = Command(
            connection, transaction, InsertEvent, ("conversation", 0L), ("seq", 0L), ("type", ""), ("timestamp", 0d), ("hash", 0L), ("data", ""));
        var p = command.Parameters;
        foreach (var row in rows)
        {
            p[0].Value = ids[row.Conversation];
            p[1].Value = row.Seq;
            p[2].Value = row.Type;
            p[3].Value = row.Timestamp;
            p[4].Value = row.Hash;
            p[5].Value = row.Data;
            command.ExecuteNonQuery();
        }
    }

    private static void Copy(NpgsqlConnection connection, long[] ids, List<Row> rows)
    {
        using var importer = connection.BeginBinaryImport(CopyEvents);
        foreach (var row in rows)
        {
            importer.StartRow();
            importer.Write(ids[row.Conversation], NpgsqlDbType.Bigint);
            importer.Write(row.Seq, NpgsqlDbType.Bigint);
            importer.Write(row.Type, NpgsqlDbType.Text);
            importer.Write(row.Timestamp, NpgsqlDbType.Double);
            importer.Write(row.Hash, NpgsqlDbType.Bigint);
            importer.Write(row.Data, NpgsqlDbType.Text);
        }

        importer.Complete();
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        command.Prepare();
        return command;
    }

    private sealed record Row(int Conversation, long Seq, string Type, double Timestamp, long Hash, string Data);
}
