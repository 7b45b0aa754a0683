using System.Data.Common;
using System.Text.Json;
using NodaTime;
using Npgsql;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.PostgreSql;

/// <summary>Conversation metadata and its work queue on the server: a whole batch of saves in one round trip.</summary>
/// <remarks>
/// <para>
/// After the upserts, one statement per table writes the name, text and fact rows of every conversation of the batch
/// whose metadata row holds the folded revision, which is the shared store's "never over a newer revision" rule
/// without a round trip to learn each upsert's outcome. Unchanged rows and text are left alone, so re-folding an
/// unchanged conversation rewrites no index entry.
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

    private const string DeleteOtherNames = $"""
        WITH {Current}
        DELETE FROM conversation_names c
        WHERE c.conversation_id IN (SELECT conversation_id FROM folded)
          AND NOT EXISTS (
              SELECT 1 FROM unnest(@nameIds, @kinds, @names) AS u(id, kind, name)
              WHERE u.id = c.conversation_id AND u.kind = c.kind AND u.name = c.name)
        """;

    private const string InsertNames = $"""
        WITH {Current}
        INSERT INTO conversation_names (kind, name, conversation_id)
        SELECT u.kind, u.name, u.id FROM unnest(@nameIds, @kinds, @names) AS u(id, kind, name)
        WHERE u.id IN (SELECT conversation_id FROM folded)
        ORDER BY u.kind, u.name, u.id
        ON CONFLICT DO NOTHING
        """;

    private const string UpsertText = $"""
        WITH {Current}
        INSERT INTO conversation_text (conversation_id, text)
        SELECT u.id, u.text FROM unnest(@ids, @texts) AS u(id, text)
        WHERE u.text <> '' AND u.id IN (SELECT conversation_id FROM folded)
        ORDER BY u.id
        ON CONFLICT (conversation_id) DO UPDATE SET text = excluded.text WHERE conversation_text.text <> excluded.text
        """;

    private const string DeleteText = $"""
        WITH {Current}
        DELETE FROM conversation_text
        WHERE conversation_id IN (SELECT u.id FROM unnest(@ids, @texts) AS u(id, text) WHERE u.text = '')
          AND conversation_id IN (SELECT conversation_id FROM folded)
        """;

    private const string DeleteOtherBuckets = $"""
        WITH {Current}
        DELETE FROM conversation_buckets b
        WHERE b.conversation_id IN (SELECT conversation_id FROM folded)
          AND NOT EXISTS (
              SELECT 1 FROM unnest(@rowIds, @c0, @c1, @c2, @c3, @assistants) AS u(id, c0, c1, c2, c3, assistant)
              WHERE u.id = b.conversation_id AND u.c0 = b.bucket AND u.c1 = b.user_messages AND u.c2 = b.bot_messages
                AND u.c3 = b.previous_bucket AND u.assistant = b.assistant)
        """;

    private const string InsertBuckets = $"""
        WITH {Current}
        INSERT INTO conversation_buckets (conversation_id, bucket, user_messages, bot_messages, previous_bucket, assistant)
        SELECT u.* FROM unnest(@rowIds, @c0, @c1, @c2, @c3, @assistants) AS u(id, c0, c1, c2, c3, assistant)
        WHERE u.id IN (SELECT conversation_id FROM folded)
        ON CONFLICT DO NOTHING
        """;

    private const string DeleteOtherSessions = $"""
        WITH {Current}
        DELETE FROM conversation_sessions s
        WHERE s.conversation_id IN (SELECT conversation_id FROM folded)
          AND NOT EXISTS (
              SELECT 1 FROM unnest(@rowIds, @c0, @c1, @c2, @c3, @c4, @c5, @assistants) AS u(id, c0, c1, c2, c3, c4, c5, assistant)
              WHERE u.id = s.conversation_id AND u.c0 = s.ordinal AND u.c1 = s.start_bucket AND u.c2 = s.start_ticks
                AND u.c3 = s.end_ticks AND u.c4 = s.user_messages AND u.c5 = s.is_first AND u.assistant = s.assistant)
        """;

    private const string InsertSessions = $"""
        WITH {Current}
        INSERT INTO conversation_sessions (conversation_id, ordinal, start_bucket, start_ticks, end_ticks, user_messages, is_first, assistant)
        SELECT u.* FROM unnest(@rowIds, @c0, @c1, @c2, @c3, @c4, @c5, @assistants) AS u(id, c0, c1, c2, c3, c4, c5, assistant)
        WHERE u.id IN (SELECT conversation_id FROM folded)
        ON CONFLICT DO NOTHING
        """;

    private const string DeleteOtherBucketNames = $"""
        WITH {Current}
        DELETE FROM conversation_bucket_names n
        WHERE n.conversation_id IN (SELECT conversation_id FROM folded)
          AND NOT EXISTS (
              SELECT 1 FROM unnest(@rowIds, @buckets, @kinds, @names, @counts, @assistants) AS u(id, bucket, kind, name, count, assistant)
              WHERE u.id = n.conversation_id AND u.bucket = n.bucket AND u.kind = n.kind AND u.name = n.name
                AND u.count = n.count AND u.assistant = n.assistant)
        """;

    private const string InsertBucketNames = $"""
        WITH {Current}
        INSERT INTO conversation_bucket_names (conversation_id, bucket, kind, name, count, assistant)
        SELECT u.* FROM unnest(@rowIds, @buckets, @kinds, @names, @counts, @assistants) AS u(id, bucket, kind, name, count, assistant)
        WHERE u.id IN (SELECT conversation_id FROM folded)
        ON CONFLICT DO NOTHING
        """;

    private const string UpsertUserRange = $"""
        WITH {Current}
        INSERT INTO conversation_user_range (conversation_id, first_ticks, last_ticks, assistant)
        SELECT u.* FROM unnest(@ids, @firsts, @lasts, @assistants) AS u(id, first_ticks, last_ticks, assistant)
        WHERE u.first_ticks IS NOT NULL AND u.id IN (SELECT conversation_id FROM folded)
        ORDER BY u.id
        ON CONFLICT (conversation_id) DO UPDATE SET
            first_ticks = excluded.first_ticks, last_ticks = excluded.last_ticks, assistant = excluded.assistant
        """;

    private const string DeleteUserRange = $"""
        WITH {Current}
        DELETE FROM conversation_user_range
        WHERE conversation_id IN (SELECT u.id FROM unnest(@ids, @firsts) AS u(id, first_ticks) WHERE u.first_ticks IS NULL)
          AND conversation_id IN (SELECT conversation_id FROM folded)
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
        // One statement per table for the whole batch: the metadata rows, then every other table's rows of the
        // conversations whose metadata row stored. Per conversation this was fifteen statements, then one upsert each
        // (each firing the metadata table's statement triggers).
        await using var batch = new NpgsqlBatch((NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(PostgreSqlGenericPlans.ForTransaction));
        batch.BatchCommands.Add(Command(UpsertMetadata, MetadataColumns(updates)));

        var facts = updates.Select(u => (u.ConversationId, Rows: FactRows.Of(u))).ToList();
        var conversation = new NpgsqlParameter[]
        {
            Array("ids", updates.Select(u => u.ConversationId)),
            Array("revisions", updates.Select(u => u.Revision)),
        };
        var names = updates.SelectMany(u => Names(u.Metadata).Select(n => (u.ConversationId, n.Kind, n.Name))).ToList();
        var nameRows = new NpgsqlParameter[] { Array("nameIds", names.Select(n => n.ConversationId)), Array("kinds", names.Select(n => n.Kind)), Array("names", names.Select(n => n.Name)) };
        var texts = new NpgsqlParameter[] { Array("texts", updates.Select(u => u.Metadata.SearchText)) };
        var buckets = FactColumns(facts, f => f.Buckets, 4, f => f.Assistant);
        var sessions = FactColumns(facts, f => f.Sessions, 6, f => f.Assistant);
        var bucketNames = facts.SelectMany(f => f.Rows.Names.Select(n => (f.ConversationId, n, f.Rows.Assistant))).ToList();
        var bucketNameRows = new NpgsqlParameter[]
        {
            Array("rowIds", bucketNames.Select(n => n.ConversationId)),
            Array("buckets", bucketNames.Select(n => n.n.Bucket)),
            Array("kinds", bucketNames.Select(n => n.n.Kind)),
            Array("names", bucketNames.Select(n => n.n.Name)),
            Array("counts", bucketNames.Select(n => n.n.Count)),
            Array("assistants", bucketNames.Select(n => n.Assistant)),
        };
        var ranges = new NpgsqlParameter[]
        {
            Array("firsts", facts.Select(f => f.Rows.FirstUserTicks)),
            Array("lasts", facts.Select(f => f.Rows.LastUserTicks)),
            Array("assistants", facts.Select(f => f.Rows.Assistant)),
        };
        foreach (var (sql, parameters) in new[]
        {
            (DeleteOtherNames, nameRows), (InsertNames, nameRows), (UpsertText, texts), (DeleteText, texts),
            (DeleteOtherBuckets, buckets), (InsertBuckets, buckets), (DeleteOtherSessions, sessions), (InsertSessions, sessions),
            (DeleteOtherBucketNames, bucketNameRows), (InsertBucketNames, bucketNameRows), (UpsertUserRange, ranges),
            (DeleteUserRange, ranges[..1]),
        })
        {
            batch.BatchCommands.Add(Command(sql, [.. conversation, .. parameters]));
        }

        var dequeue = Command(DequeueAll, conversation);
        batch.BatchCommands.Add(dequeue);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return dequeue.RecordsAffected;
    }

    /// <summary>The metadata rows of <paramref name="updates"/>, a column per array, named as the shared upsert's parameters.</summary>
    private static NpgsqlParameter[] MetadataColumns(IReadOnlyList<MetadataUpdate> updates) =>
        [.. SavedMetadataColumns.All.Select(c => new NpgsqlParameter(c.Parameter, c.Values(updates)))];

    /// <summary>
    /// The fact rows of the batch as <c>@rowIds</c>, <c>@c0</c>… and <c>@assistants</c>: one array per column, a row per
    /// element, each row led by its conversation.
    /// </summary>
    private static NpgsqlParameter[] FactColumns(
        List<(long ConversationId, FactRows Rows)> facts,
        Func<FactRows, IReadOnlyList<long[]>> table,
        int width,
        Func<FactRows, string> assistant)
    {
        var rows = facts.SelectMany(f => table(f.Rows).Select(r => (f.ConversationId, Row: r, Assistant: assistant(f.Rows)))).ToList();
        return
        [
            Array("rowIds", rows.Select(r => r.ConversationId)),
            .. Enumerable.Range(0, width).Select(i => Array("c" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), rows.Select(r => r.Row[i]))),
            Array("assistants", rows.Select(r => r.Assistant)),
        ];
    }

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
