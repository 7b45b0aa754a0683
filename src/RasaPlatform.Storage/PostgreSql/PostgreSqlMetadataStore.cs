using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using NodaTime;
using Npgsql;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.PostgreSql;

/// <summary>Conversation metadata and its work queue on the server: a whole batch of saves in one round trip.</summary>
/// <remarks>
/// <para>
/// After the upserts, two statements per table of <see cref="MetadataRowTables"/> replace the derived rows of every
/// conversation of the batch whose metadata row holds the folded revision, which is the shared store's "never over a
/// newer revision" rule without a round trip to learn each upsert's outcome. Each inserted row carries its folded
/// revision and is checked against its metadata row by key: under the generic plans (which take every array for ten
/// elements) a semi-join of the rows to the batch's conversations ran as a nested loop over both, 19 s for the name
/// rows of 5,000 conversations against 1.7 s by key.
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
    private static async Task<int> SaveInOrderAsync(
        DbConnection connection,
        DbTransaction transaction,
        List<MetadataUpdate> updates,
        CancellationToken cancellationToken)
    {
        // One statement per table for the whole batch: the metadata rows, then, for the conversations whose metadata
        // row stored, every derived row replaced (the old go, the new come). Replacing beats comparing: the
        // comparison's anti-join against the batch's arrays grew with the square of the batch.
        await using var batch = new NpgsqlBatch((NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(PostgreSqlGenericPlans.ForTransaction));
        batch.BatchCommands.Add(Command(UpsertMetadata, MetadataColumns(updates)));

        var conversation = new NpgsqlParameter[]
        {
            Array("ids", updates.Select(u => u.ConversationId)),
            Array("revisions", updates.Select(u => u.Revision)),
        };
        foreach (var table in MetadataRowTables.All)
        {
            batch.BatchCommands.Add(Command(
                $"WITH {Current} DELETE FROM {table.Name} WHERE conversation_id IN (SELECT conversation_id FROM folded)",
                conversation));
        }

        var facts = updates.Select(FactRows.Of).ToList();
        foreach (var table in MetadataRowTables.All)
        {
            var rows = updates.SelectMany((u, i) => table.Rows(u, facts[i]).Select(r => (Row: r, u.Revision))).ToList();
            if (rows.Count == 0)
            {
                continue;
            }

            var values = rows.ConvertAll(r => r.Row);
            var columns = table.Columns.Select((c, i) => new NpgsqlParameter("c" + i.ToString(CultureInfo.InvariantCulture), Column(values, i))).ToList();
            columns.Add(Array("row_revisions", rows.Select(r => r.Revision)));
            batch.BatchCommands.Add(Command(
                $"""
                INSERT INTO {table.Name} ({table.ColumnList})
                SELECT {string.Join(", ", table.Columns.Select(c => "u." + c))}
                FROM unnest({string.Join(", ", columns.Select(c => "@" + c.ParameterName))}) AS u({table.ColumnList}, folded_revision)
                WHERE EXISTS (
                    SELECT 1 FROM conversation_metadata m WHERE m.conversation_id = u.conversation_id AND m.revision = u.folded_revision)
                ON CONFLICT DO NOTHING
                """,
                columns));
        }

        var dequeue = Command(DequeueAll, conversation);
        batch.BatchCommands.Add(dequeue);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return dequeue.RecordsAffected;
    }

    /// <summary>The deferrable indexes and triggers of this schema, from the catalog.</summary>
    private const string Deferrable = """
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

    private protected override async Task<List<DeferredObject>> DeferrableAsync(
        DbConnection connection,
        DbTransaction transaction,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand(
            transaction,
            Deferrable,
            ("indexTables", DeferredMaintenance.IndexTables.ToArray()),
            ("triggerTables", DeferredMaintenance.TriggerTables.ToArray()));
        return await DeferredMaintenance.ReadObjectsAsync(command, cancellationToken).ConfigureAwait(false);
    }

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

    /// <summary>Column <paramref name="index"/> of the rows as a typed array: 64-bit or 16-bit integers (nullable if any is null), doubles, or text.</summary>
    private static Array Column(List<object?[]> rows, int index)
    {
        var values = rows.Select(r => r[index]).ToList();
        return values.FirstOrDefault(v => v is not null) switch
        {
            short => values.Select(v => (short)v!).ToArray(),
            long when values.Any(v => v is null) => values.Select(v => (long?)v).ToArray(),
            long => values.Select(v => (long)v!).ToArray(),
            double => values.Select(v => (double)v!).ToArray(),
            _ => values.Select(v => (string?)v).ToArray(),
        };
    }

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
