using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using NodaTime;
using Npgsql;
using NpgsqlTypes;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.PostgreSql;

/// <summary>Conversation metadata and its work queue on the server: a whole batch of saves in one round trip and a COPY per table.</summary>
/// <remarks>
/// <para>
/// After the upserts, the conversations of the batch whose metadata row holds the folded revision (the shared store's
/// "never over a newer revision" rule, without a round trip per upsert) lose their derived rows of every table of
/// <see cref="MetadataRowTables"/> and get the new ones by binary COPY. Rows sent as arrays and checked against their
/// metadata row per row in SQL (<c>unnest</c>) took most of a catch-up's server time, and under the generic plans
/// (which take every array for ten elements) a semi-join of those rows to the batch's conversations ran as a nested
/// loop over both: 19 s for the name rows of 5,000 conversations.
/// </para>
/// <para>
/// A batch takes its rows in the lock order of <see cref="PostgreSqlPendingCounts"/>, so that concurrent saves (of
/// several instances), deletions, writes and tag changes do not deadlock with it: its conversations in the ordinal
/// order of their sender ids (as writes and deletions lock them), their queue rows in the same order, and the counts
/// and sums last, in the fold. A deadlock all the same runs the save again.
/// </para>
/// </remarks>
public sealed class PostgreSqlMetadataStore(PostgreSqlDataSource dataSource, IClock clock, PostgreSqlDeadlocks deadlocks) : SqlMetadataStore(clock)
{
    /// <summary>The derived-row tables' column types, as <see cref="ColumnTypesAsync"/> read them.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, NpgsqlDbType[]> _columnTypes = new(StringComparer.Ordinal);

    /// <summary>
    /// Every conversation's metadata row in one statement, each stored only if the shared upsert would store it: never
    /// over a newer revision, never for a conversation that is no longer stored.
    /// </summary>
    /// <remarks>
    /// The key-share lock on the conversation row makes a save and a deletion of the conversation wait for each other,
    /// so a save never stores metadata of a conversation deleted after its check; writers' updates don't conflict. The
    /// arrays come in the ordinal order of the sender ids and are read in that order (no sort), so a batch locks its
    /// conversation rows, then its metadata rows, in the order a deletion of several of them locks theirs.
    /// </remarks>
    private static readonly string UpsertMetadata = $"""
        INSERT INTO conversation_metadata ({SavedMetadataColumns.ColumnList})
        SELECT u.* FROM unnest({SavedMetadataColumns.ParameterList})
            AS u({string.Join(", ", SavedMetadataColumns.ParameterNames)})
        WHERE EXISTS (SELECT 1 FROM conversations c WHERE c.id = u.id FOR KEY SHARE)
        {SavedMetadataColumns.Conflict}
        """;

    /// <summary>The batch's conversations whose metadata row holds the folded revision after the upserts.</summary>
    private const string Current = """
        folded AS (
            SELECT m.conversation_id FROM conversation_metadata m
            JOIN unnest(@ids, @revisions) AS u(id, revision) ON m.conversation_id = u.id AND m.revision = u.revision)
        """;

    /// <summary>
    /// The queue rows still at the folded revisions, locked in the arrays' order (the sender ids' ordinal order, as writes
    /// re-queue them) before they go; a row re-queued meanwhile no longer matches once its writer commits, and stays.
    /// </summary>
    private const string DequeueAll = """
        DELETE FROM metadata_queue WHERE conversation_id IN (
            SELECT q.conversation_id
            FROM unnest(@ids, @revisions) WITH ORDINALITY AS u(id, revision, n)
            JOIN metadata_queue q ON q.conversation_id = u.id AND q.revision = u.revision
            ORDER BY u.n
            FOR UPDATE OF q)
        """;

    /// <summary>Instances claim side by side: a row another claim or a write holds is passed over, not waited for.</summary>
    protected override string ClaimSkipLocked => "FOR UPDATE SKIP LOCKED";

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenAsync(cancellationToken).ConfigureAwait(false);

    protected override Task<T> WriteAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken) =>
        deadlocks.RetryAsync("a metadata save or re-queue", write);

    protected override Task FoldPendingAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        PostgreSqlPendingCounts.FoldAsync(connection, transaction, cancellationToken);

    protected override Task<int> SaveAllAsync(
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyList<MetadataUpdate> updates,
        CancellationToken cancellationToken) =>
        SaveInOrderAsync(connection, transaction, [.. updates.OrderBy(u => u.Metadata.SenderId, StringComparer.Ordinal)], cancellationToken);

    /// <summary>Saves <paramref name="updates"/>, which come in the ordinal order of their sender ids: every array follows it.</summary>
    /// <remarks>
    /// One round trip for the metadata rows, the old derived rows of the conversations whose metadata row stored, and
    /// the queue; then each table's new rows by binary COPY, only those conversations' (no conflict is possible: their
    /// old rows are gone in this transaction, and their metadata rows stay locked until it ends). COPY fires the same
    /// statement triggers as INSERT, and skips the per-row executor work that was most of a catch-up's server time.
    /// </remarks>
    private async Task<int> SaveInOrderAsync(
        DbConnection connection,
        DbTransaction transaction,
        List<MetadataUpdate> updates,
        CancellationToken cancellationToken)
    {
        var npgsql = (NpgsqlConnection)connection;
        var conversation = new NpgsqlParameter[]
        {
            Array("ids", updates.Select(u => u.ConversationId)),
            Array("revisions", updates.Select(u => u.Revision)),
        };
        var folded = new HashSet<long>();
        NpgsqlBatchCommand dequeue;
        await using (var batch = new NpgsqlBatch(npgsql, (NpgsqlTransaction)transaction))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(PostgreSqlGenericPlans.ForTransaction));
            batch.BatchCommands.Add(Command(UpsertMetadata, MetadataColumns(updates)));
            batch.BatchCommands.Add(Command($"WITH {Current} SELECT conversation_id FROM folded", conversation));
            foreach (var table in MetadataRowTables.All)
            {
                batch.BatchCommands.Add(Command(
                    $"WITH {Current} DELETE FROM {table.Name} WHERE conversation_id IN (SELECT conversation_id FROM folded)",
                    conversation));
            }

            dequeue = Command(DequeueAll, conversation);
            batch.BatchCommands.Add(dequeue);
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            do
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    folded.Add(reader.GetInt64(0));
                }
            }
            while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false));
        }

        var stored = updates.Where(u => folded.Contains(u.ConversationId)).ToList();
        var facts = stored.Select(FactRows.Of).ToList();
        foreach (var table in MetadataRowTables.All)
        {
            var rows = stored.SelectMany((u, i) => table.Rows(u, facts[i])).ToList();
            if (rows.Count > 0)
            {
                await CopyAsync(npgsql, table, rows, cancellationToken).ConfigureAwait(false);
            }
        }

        return dequeue.RecordsAffected;
    }

    /// <summary>Writes the rows into the table by binary COPY, each value as its column's type in the catalog.</summary>
    private async Task CopyAsync(NpgsqlConnection connection, MetadataRowTable table, List<object?[]> rows, CancellationToken cancellationToken)
    {
        var types = await ColumnTypesAsync(connection, table, cancellationToken).ConfigureAwait(false);
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY {table.Name} ({table.ColumnList}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < row.Length; i++)
            {
                await WriteAsync(importer, row[i], types[i], cancellationToken).ConfigureAwait(false);
            }
        }

        await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private static Task WriteAsync(NpgsqlBinaryImporter importer, object? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        (value, type) switch
        {
            (null, _) => importer.WriteNullAsync(cancellationToken),
            (string text, _) => importer.WriteAsync(text, type, cancellationToken),
            (double real, _) => importer.WriteAsync(real, type, cancellationToken),
            (_, NpgsqlDbType.Smallint) => importer.WriteAsync(Convert.ToInt16(value, CultureInfo.InvariantCulture), type, cancellationToken),
            (_, NpgsqlDbType.Integer) => importer.WriteAsync(Convert.ToInt32(value, CultureInfo.InvariantCulture), type, cancellationToken),
            (_, NpgsqlDbType.Bigint) => importer.WriteAsync(Convert.ToInt64(value, CultureInfo.InvariantCulture), type, cancellationToken),
            _ => throw new InvalidOperationException($"A {value.GetType().Name} has no binary COPY form as {type}."),
        };

    /// <summary>The table's columns' types in this schema, in <see cref="MetadataRowTable.Columns"/>' order; read once per table.</summary>
    private async Task<NpgsqlDbType[]> ColumnTypesAsync(NpgsqlConnection connection, MetadataRowTable table, CancellationToken cancellationToken)
    {
        if (_columnTypes.TryGetValue(table.Name, out var known))
        {
            return known;
        }

        var byName = new Dictionary<string, NpgsqlDbType>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(ColumnTypes, connection))
        {
            command.Parameters.AddWithValue("table", table.Name);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                byName[reader.GetString(0)] = reader.GetString(1) switch
                {
                    "smallint" => NpgsqlDbType.Smallint,
                    "integer" => NpgsqlDbType.Integer,
                    "bigint" => NpgsqlDbType.Bigint,
                    "double precision" => NpgsqlDbType.Double,
                    "text" => NpgsqlDbType.Text,
                    var other => throw new InvalidOperationException($"{table.Name}.{reader.GetString(0)} is {other}, which the metadata save does not copy."),
                };
            }
        }

        return _columnTypes[table.Name] = [.. table.Columns.Select(c => byName[c])];
    }

    /// <summary>A table's column types in the current schema, by the catalog.</summary>
    private const string ColumnTypes = """
        SELECT a.attname::text, format_type(a.atttypid, NULL)
        FROM pg_attribute a
        JOIN pg_class t ON t.oid = a.attrelid
        WHERE t.relnamespace = (SELECT n.oid FROM pg_namespace n WHERE n.nspname = current_schema())
            AND t.relname = @table AND a.attnum > 0 AND NOT a.attisdropped
        """;

    /// <summary>The deferrable indexes and triggers of this schema, from the catalog.</summary>
    private protected override string DeferrableSql => """
        SELECT i.relname::text, 'index', t.relname::text, pg_get_indexdef(i.oid)
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class t ON t.oid = x.indrelid
        WHERE t.relnamespace = (SELECT n.oid FROM pg_namespace n WHERE n.nspname = current_schema()) AND t.relname = ANY(@indexTables) AND NOT x.indisunique
            AND (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attnum = x.indkey[0]) IS DISTINCT FROM 'conversation_id'
        UNION ALL
        SELECT g.tgname::text, 'trigger', t.relname::text, pg_get_triggerdef(g.oid)
        FROM pg_trigger g
        JOIN pg_class t ON t.oid = g.tgrelid
        WHERE t.relnamespace = (SELECT n.oid FROM pg_namespace n WHERE n.nspname = current_schema()) AND t.relname = ANY(@triggerTables) AND NOT g.tgisinternal
        ORDER BY 2, 1
        """;

    private protected override object TableList(IReadOnlyList<string> tables) => tables.ToArray();

    private protected override string Drop(DeferredObject deferred) =>
        deferred.Kind == DeferredMaintenance.Index
            ? $"DROP INDEX \"{deferred.Name}\""
            : $"DROP TRIGGER \"{deferred.Name}\" ON \"{deferred.Table}\"";

    /// <summary>One instance at a time defers or restores.</summary>
    protected override Task LockMaintenanceRecordAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(transaction, "LOCK TABLE deferred_maintenance IN EXCLUSIVE MODE", cancellationToken);

    /// <summary>
    /// The tables in the order a save takes them (metadata, then <see cref="MetadataRowTables.All"/>): exclusively to
    /// drop, and against writers only to restore, so that reads go on while the indexes build and the sums are recomputed.
    /// </summary>
    protected override Task LockMaintainedTablesAsync(DbConnection connection, DbTransaction transaction, bool restoring, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(
            transaction,
            $"LOCK TABLE {string.Join(", ", DeferredMaintenance.IndexTables)} IN {(restoring ? "SHARE ROW EXCLUSIVE" : "ACCESS EXCLUSIVE")} MODE",
            cancellationToken);

    /// <summary>The metadata rows of <paramref name="updates"/>, a column per array, named as the shared upsert's parameters.</summary>
    private static NpgsqlParameter[] MetadataColumns(IReadOnlyList<MetadataUpdate> updates) =>
        [.. SavedMetadataColumns.All.Select(c => new NpgsqlParameter(c.Parameter, c.Values(updates)))];

    private static NpgsqlParameter<T[]> Array<T>(string name, IEnumerable<T> values) => new(name, [.. values]);

    /// <summary>A batch command with copies of <paramref name="parameters"/>: a parameter belongs to one command.</summary>
    private static NpgsqlBatchCommand Command(string sql, IEnumerable<NpgsqlParameter> parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter.Clone());
        }

        return command;
    }
}
