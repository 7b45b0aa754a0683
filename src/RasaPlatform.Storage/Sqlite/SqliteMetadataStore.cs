using System.Data.Common;
using Microsoft.Data.Sqlite;
using System.Globalization;
using System.Text.Json;
using NodaTime;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.Sqlite;

/// <summary>Conversation metadata and its work queue in the SQLite file.</summary>
/// <remarks>
/// A save upserts each metadata row and dequeues it through two prepared statements of SQLite's own API
/// (<see cref="SqliteStatement"/>), then replaces the derived rows (<see cref="MetadataRowTables"/>) of every
/// conversation whose metadata row it stored: one DELETE per table for the whole batch, then each table's rows through
/// one prepared statement. Sent as one JSON array per table instead, the rows cost a serialisation here and a parse per
/// column in SQLite: 8 of a 100,000-conversation rebuild's 20 seconds of saving. Through ADO.NET commands, which
/// resolve every parameter by name on every execution, the upserts and dequeues took 3.6 s of them.
/// </remarks>
public sealed class SqliteMetadataStore(SqliteConnections connections, IClock clock) : SqlMetadataStore(clock)
{
    private const string Ids = "SELECT value FROM json_each(@ids)";

    /// <summary>Takes the old text out of the trigram index (external content: FTS5 needs the old value).</summary>
    private const string UnindexText = $"""
        INSERT INTO conversation_text_index (conversation_text_index, rowid, text)
        SELECT 'delete', conversation_id, text FROM conversation_text WHERE conversation_id IN ({Ids})
        """;

    private const string IndexText = $"""
        INSERT INTO conversation_text_index (rowid, text)
        SELECT conversation_id, text FROM conversation_text WHERE conversation_id IN ({Ids})
        """;

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await connections.OpenAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Outside the pool, with a small page cache: SQLite's sorts hold up to the page cache size in memory.</summary>
    protected override async ValueTask<DbConnection> OpenMaintenanceConnectionAsync(CancellationToken cancellationToken) =>
        await connections.OpenForBulkAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>In the file's write queue, with the conversation and flag stores' writes.</summary>
    protected override Task<T> WriteAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken) =>
        connections.WriteExclusivelyAsync(write, cancellationToken);

    protected override async Task<int> SaveAllAsync(
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyList<MetadataUpdate> updates,
        CancellationToken cancellationToken)
    {
        var sqlite = (SqliteConnection)connection;
        using var upsert = SqliteStatement.Prepare(sqlite, MetadataSqlText.Upsert(string.Empty), SavedMetadataColumns.ParameterNames);
        using var dequeue = SqliteStatement.Prepare(sqlite, MetadataSqlText.Dequeue, ["id", "revision"]);
        var stored = new List<MetadataUpdate>(updates.Count);
        var dequeued = 0;
        foreach (var update in updates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (upsert.Execute(SavedMetadataColumns.Values(update)))
            {
                stored.Add(update);
            }

            dequeue.Execute([update.ConversationId, update.Revision]);
            dequeued += dequeue.Changes;
        }

        if (stored.Count > 0)
        {
            await ReplaceRowsAsync(connection, transaction, stored, cancellationToken).ConfigureAwait(false);
        }

        return dequeued;
    }

    /// <summary>
    /// Brings the derived rows of <paramref name="stored"/> to the folded ones: every old row goes (one statement per
    /// table) and every new one comes (one prepared statement per table). The triggers, while not deferred, keep the
    /// counts and sums exact through both.
    /// </summary>
    private static async Task ReplaceRowsAsync(
        DbConnection connection,
        DbTransaction transaction,
        List<MetadataUpdate> stored,
        CancellationToken cancellationToken)
    {
        var ids = JsonSerializer.Serialize(stored.Select(u => u.ConversationId));
        await ExecuteAsync(UnindexText, ("ids", ids)).ConfigureAwait(false);
        foreach (var table in MetadataRowTables.All)
        {
            await ExecuteAsync($"DELETE FROM {table.Name} WHERE conversation_id IN ({Ids})", ("ids", ids)).ConfigureAwait(false);
        }

        var facts = stored.Select(FactRows.Of).ToList();
        foreach (var table in MetadataRowTables.All)
        {
            SqliteStatements.Run((SqliteConnection)connection, Insert(table), stored.SelectMany((u, i) => table.Rows(u, facts[i])), cancellationToken);
        }

        await ExecuteAsync(IndexText, ("ids", ids)).ConfigureAwait(false);

        async Task ExecuteAsync(string sql, (string Name, object? Value) parameter)
        {
            await using var command = connection.CreateCommand(sql, parameter);
            command.Transaction = transaction;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The deferrable indexes and triggers, from the schema table; the tables come as JSON arrays.</summary>
    private protected override string DeferrableSql => """
        SELECT m.name, m.type, m.tbl_name, m.sql FROM sqlite_master m
        WHERE m.sql IS NOT NULL AND (
            (m.type = 'index' AND m.tbl_name IN (SELECT value FROM json_each(@indexTables))
                AND (SELECT i.name FROM pragma_index_info(m.name) i WHERE i.seqno = 0) IS NOT 'conversation_id'
                AND NOT (SELECT l."unique" FROM pragma_index_list(m.tbl_name) l WHERE l.name = m.name))
            OR (m.type = 'trigger' AND m.tbl_name IN (SELECT value FROM json_each(@triggerTables))))
        ORDER BY m.type, m.name
        """;

    private protected override object TableList(IReadOnlyList<string> tables) => JsonSerializer.Serialize(tables);

    private protected override string Drop(DeferredObject deferred) =>
        deferred.Kind == DeferredMaintenance.Index ? $"DROP INDEX \"{deferred.Name}\"" : $"DROP TRIGGER \"{deferred.Name}\"";

    /// <summary>Inserts one row of the table, its values in column order.</summary>
    private static string Insert(MetadataRowTable table) => $"""
        INSERT INTO {table.Name} ({table.ColumnList})
        VALUES ({string.Join(", ", table.Columns.Select((_, i) => "?" + (i + 1).ToString(CultureInfo.InvariantCulture)))})
        ON CONFLICT DO NOTHING
        """;
}
