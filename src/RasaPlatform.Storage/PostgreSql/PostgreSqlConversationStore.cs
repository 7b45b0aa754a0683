using System.Data.Common;
using System.Runtime.CompilerServices;
using NodaTime;
using Npgsql;
using NpgsqlTypes;
using RasaPlatform.Core.Events;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.PostgreSql;

/// <summary>The server store: each step of a write is one round trip for the whole call, taking its rows as arrays.</summary>
/// <remarks>
/// Writers of one conversation are serialised by the row lock the shared upsert takes, so several service instances can
/// append to the same conversation at once without storing an event twice. Events go in by binary COPY.
/// </remarks>
public sealed class PostgreSqlConversationStore(PostgreSqlDataSource dataSource, IClock clock, PostgreSqlDeadlocks deadlocks)
    : SqlConversationStore(clock)
{
    /// <summary>Up to this many events go in as prepared single-row inserts: fewer round trips than a COPY.</summary>
    private const int SmallBatch = 3;

    private const string CopyEvents =
        "COPY events (conversation_id, seq, type, timestamp, content_hash, name, data) FROM STDIN (FORMAT BINARY)";

    /// <summary>Rows are inserted, and so locked, in the order given: the callers' shared ordinal order.</summary>
    private const string UpsertConversations = """
        INSERT INTO conversations (sender_id, created_at_ms, updated_at_ms)
        SELECT u.sender_id, @now, @now FROM unnest(@senders) WITH ORDINALITY AS u(sender_id, n) ORDER BY u.n
        ON CONFLICT (sender_id) DO UPDATE SET updated_at_ms = excluded.updated_at_ms
        RETURNING sender_id, id, next_seq, event_count, latest_event_time, revision
        """;

    private const string CountHashes = """
        SELECT e.conversation_id, e.content_hash, COUNT(*)
        FROM unnest(@conversations, @hashes) AS q(conversation_id, content_hash)
        JOIN events e ON e.conversation_id = q.conversation_id AND e.content_hash = q.content_hash
        GROUP BY e.conversation_id, e.content_hash
        """;

    /// <summary>The shared update and metadata queue upsert as one statement for the whole call.</summary>
    /// <remarks>
    /// Queue rows are upserted, and so locked, in the order given (the conversation rows' order), which is the order a
    /// metadata save removes them in (<see cref="PostgreSqlMetadataStore"/>): the save holds no lock a write waits for
    /// on the conversation rows, so the two meet on queue rows only, and there in one order.
    /// </remarks>
    private const string UpdateConversations = $"""
        WITH updated AS (
            UPDATE conversations c
            SET next_seq = u.next_seq, event_count = u.event_count, latest_event_time = u.latest, revision = u.revision
            FROM unnest(@ids, @nextSeqs, @counts, @latest, @revisions) WITH ORDINALITY AS u(id, next_seq, event_count, latest, revision, n)
            WHERE c.id = u.id
            RETURNING c.id, c.revision, u.n
        )
        INSERT INTO metadata_queue (conversation_id, revision, enqueued_at_ms)
        SELECT id, revision, @now FROM updated ORDER BY n
        {MetadataSqlText.Requeue}
        """;

    private const string ConversationIds = "SELECT id, sender_id FROM conversations WHERE sender_id = ANY(@senders)";

    /// <summary>
    /// The events of the conversations with these ids, in the primary key's order: one index scan, no sort and no join.
    /// </summary>
    /// <remarks>
    /// The ids go in through <c>ARRAY(SELECT unnest(...))</c>, a value computed once before the scan, so the planner
    /// plans for an array of unknown length (it assumes a short one) and keeps the index scan; given the array itself,
    /// it chose a parallel sequential scan of every event and a sort for a few thousand conversations.
    /// </remarks>
    private const string EventsOfConversations = """
        SELECT e.conversation_id, e.seq, e.type, e.timestamp, e.data, e.name
        FROM events e
        WHERE e.conversation_id = ANY(ARRAY(SELECT unnest(@ids)))
        ORDER BY e.conversation_id, e.seq
        """;

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The shared read in two statements: the conversations' ids by sender, then their events by id
    /// (<see cref="EventsOfConversations"/>), each row given its sender from the first.
    /// </summary>
    /// <remarks>
    /// The shared statement's join to <c>conversations</c> for the sender ids was planned as a merge join over the whole
    /// table and an incremental sort of every event row: at 100,000 conversations 80 to 130 ms per batch of 2,690
    /// where these two take about 35 and 10 ms, and the whole-table scan grew with the store. A conversation deleted
    /// between the two statements is left out, as one deleted before the read.
    /// </remarks>
    protected override async IAsyncEnumerable<(string SenderId, StoredEvent Event)> ReadConversationRowsAsync(
        IReadOnlyList<string> senderIds,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenAsync(cancellationToken).ConfigureAwait(false);
        var senders = new Dictionary<long, string>(senderIds.Count);
        await using (var ids = new NpgsqlCommand(ConversationIds, connection))
        {
            ids.Parameters.Add(new NpgsqlParameter<string[]>("senders", [.. senderIds]));
            await using var reader = await ids.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                senders[reader.GetInt64(0)] = reader.GetString(1);
            }
        }

        if (senders.Count == 0)
        {
            yield break;
        }

        await using var command = new NpgsqlCommand(EventsOfConversations, connection);
        command.Parameters.Add(new NpgsqlParameter<long[]>("ids", [.. senders.Keys]));
        await using var rows = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return (senders[rows.GetInt64(0)], new StoredEvent(
                rows.GetInt64(1), rows.GetString(2), rows.GetDouble(3), rows.GetString(4), rows.IsDBNull(5) ? null : rows.GetString(5)));
        }
    }

    /// <summary>
    /// Deletions of conversations that share names, assistants, tags or time buckets take their shares out of the same
    /// count rows, which every writer locks in the order of <see cref="PostgreSqlPendingCounts"/>; a deadlock all the
    /// same runs the deletion again.
    /// </summary>
    public override Task<int> DeleteAsync(IReadOnlyList<string> senderIds, CancellationToken cancellationToken) =>
        deadlocks.RetryAsync(
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"a deletion of {senderIds.Count} conversations"),
            () => base.DeleteAsync(senderIds, cancellationToken));

    protected override Task FoldPendingAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        PostgreSqlPendingCounts.FoldAsync(connection, transaction, cancellationToken);

    /// <summary>
    /// The shared deletions, but the conversations' tag links are locked in (conversation, tag) order before they go:
    /// a tag's deletion takes links of many conversations without their conversation rows, in the same order
    /// (<see cref="PostgreSqlTagStore"/>).
    /// </summary>
    protected override string DeleteRowsSql(string table, string ids) => table == "conversation_tags"
        ? $"""
          DELETE FROM conversation_tags WHERE (conversation_id, tag_id) IN (
              SELECT conversation_id, tag_id FROM conversation_tags WHERE conversation_id IN ({ids})
              ORDER BY conversation_id, tag_id FOR UPDATE)
          """
        : base.DeleteRowsSql(table, ids);

    protected override string SetOf(string name) => $"SELECT unnest(@{name})";

    protected override void BindSet<T>(DbCommand command, string name, IReadOnlyList<T> values) =>
        command.Parameters.Add(new NpgsqlParameter<T[]>(name, [.. values]));

    /// <summary>
    /// Locks the rows in the order given (the callers' ordinal order, as writers lock them); the shared deletion then
    /// deletes them by id. A metadata save holds a key-share lock on its conversation row, so a deletion waits for a
    /// save in flight and a save waits for a deletion in flight, then finds no row and stores nothing.
    /// </summary>
    /// <remarks>
    /// Locked here and deleted by a statement of its own: a DELETE's scan reads the rows as of its statement's start.
    /// When a writer had updated a row since, the lock below took the row's new version, but the DELETE met the old one,
    /// on which a metadata save had meanwhile taken its key-share lock before following the update to the new version
    /// (which this statement held): the DELETE waited for the save and the save for the deletion, a deadlock on one
    /// row (<c>PostgreSqlLockOrderTests</c> met it about once in eight runs). The DELETE by id starts after the locks
    /// are taken, so it sees the versions they hold.
    /// </remarks>
    protected override string FindConversationsToDeleteSql(string senders) => """
        SELECT c.id FROM unnest(@senders) WITH ORDINALITY AS u(sender_id, n)
        JOIN conversations c ON c.sender_id = u.sender_id
        ORDER BY u.n
        FOR UPDATE OF c
        """;

    protected override async Task<IReadOnlyList<ConversationRow>> UpsertConversationsAsync(
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyList<string> senderIds,
        long nowMs,
        CancellationToken cancellationToken)
    {
        // The write's first statement: the setting goes with it, in the same round trip, for the whole transaction.
        var upsert = new NpgsqlBatchCommand(UpsertConversations);
        upsert.Parameters.Add(new NpgsqlParameter<long>("now", nowMs));
        upsert.Parameters.Add(new NpgsqlParameter<string[]>("senders", [.. senderIds]));
        await using var batch = new NpgsqlBatch((NpgsqlConnection)connection, (NpgsqlTransaction)transaction)
        {
            BatchCommands = { new NpgsqlBatchCommand(PostgreSqlGenericPlans.ForTransaction), upsert },
        };
        var rows = new Dictionary<string, ConversationRow>(senderIds.Count, StringComparer.Ordinal);
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows[reader.GetString(0)] = new ConversationRow(
                    reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.IsDBNull(4) ? null : reader.GetDouble(4), reader.GetInt64(5));
            }
        }

        return [.. senderIds.Select(s => rows[s])];
    }

    protected override async Task<IReadOnlyDictionary<(long ConversationId, long Hash), int>> CountStoredHashesAsync(
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyList<HashLookup> lookups,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(CountHashes, (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        command.Parameters.Add(new NpgsqlParameter<long[]>("conversations", [.. lookups.SelectMany(l => l.Hashes.Select(_ => l.ConversationId))]));
        command.Parameters.Add(new NpgsqlParameter<long[]>("hashes", [.. lookups.SelectMany(l => l.Hashes)]));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var counts = new Dictionary<(long, long), int>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts[(reader.GetInt64(0), reader.GetInt64(1))] = checked((int)reader.GetInt64(2));
        }

        return counts;
    }

    protected override async Task InsertEventsAsync(
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyList<EventRow> rows,
        CancellationToken cancellationToken)
    {
        if (rows.Count <= SmallBatch)
        {
            await base.InsertEventsAsync(connection, transaction, rows, cancellationToken).ConfigureAwait(false);
            return;
        }

        // COPY runs inside the connection's open transaction; disposing an importer that did not complete cancels it.
        await using var importer = await ((NpgsqlConnection)connection).BeginBinaryImportAsync(CopyEvents, cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            var e = row.Event;
            await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(row.ConversationId, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(row.Seq, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(e.Type, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(e.Timestamp, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(e.ContentHash, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
            if (e.Name is { } name)
            {
                await importer.WriteAsync(name, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
            }

            await importer.WriteAsync(e.Json, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        }

        await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task UpdateConversationsAsync(
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyList<ConversationRow> rows,
        long nowMs,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(UpdateConversations, (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        command.Parameters.Add(new NpgsqlParameter<long[]>("ids", [.. rows.Select(r => r.Id)]));
        command.Parameters.Add(new NpgsqlParameter<long[]>("nextSeqs", [.. rows.Select(r => r.NextSeq)]));
        command.Parameters.Add(new NpgsqlParameter<long[]>("counts", [.. rows.Select(r => r.EventCount)]));
        command.Parameters.Add(new NpgsqlParameter<double?[]>("latest", [.. rows.Select(r => r.LatestEventTime)]));
        command.Parameters.Add(new NpgsqlParameter<long[]>("revisions", [.. rows.Select(r => r.Revision)]));
        command.Parameters.Add(new NpgsqlParameter<long>("now", nowMs));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
