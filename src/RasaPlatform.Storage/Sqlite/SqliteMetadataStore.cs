using System.Data.Common;
using System.Text.Json;
using NodaTime;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.Sqlite;

/// <summary>Conversation metadata and its work queue in the SQLite file.</summary>
/// <remarks>
/// A conversation's names travel as one JSON array, so that bringing its name rows up to date is two statements
/// whatever their number, and rows that stay are not rewritten. The text and its trigram index entry are replaced
/// only when the text changed.
/// </remarks>
public sealed class SqliteMetadataStore(SqliteConnections connections, IClock clock) : SqlMetadataStore(clock)
{
    private const string DeleteOtherNames = """
        DELETE FROM conversation_names
        WHERE conversation_id = @id
          AND NOT EXISTS (
              SELECT 1 FROM json_each(@names) j
              WHERE j.value ->> 0 = conversation_names.kind AND j.value ->> 1 = conversation_names.name)
        """;

    private const string InsertNames = """
        INSERT INTO conversation_names (kind, name, conversation_id)
        SELECT j.value ->> 0, j.value ->> 1, @id FROM json_each(@names) j WHERE true
        ON CONFLICT DO NOTHING
        """;

    /// <summary>Takes the old text out of the trigram index (external content: FTS5 needs the old value).</summary>
    private const string UnindexChangedText = """
        INSERT INTO conversation_text_index (conversation_text_index, rowid, text)
        SELECT 'delete', conversation_id, text FROM conversation_text WHERE conversation_id = @id AND text <> @text
        """;

    private const string DeleteChangedText = "DELETE FROM conversation_text WHERE conversation_id = @id AND text <> @text";

    private const string InsertMissingText = """
        INSERT INTO conversation_text (conversation_id, text) SELECT @id, @text WHERE @text <> ''
        ON CONFLICT (conversation_id) DO NOTHING
        RETURNING conversation_id
        """;

    private const string IndexText = "INSERT INTO conversation_text_index (rowid, text) VALUES (@id, @text)";

    private const string DeleteOtherBuckets = """
        DELETE FROM conversation_buckets
        WHERE conversation_id = @id
          AND NOT EXISTS (
              SELECT 1 FROM json_each(@rows) j
              WHERE j.value ->> 0 = bucket AND j.value ->> 1 = user_messages AND j.value ->> 2 = bot_messages
                AND j.value ->> 3 = previous_bucket AND assistant = @assistant)
        """;

    private const string InsertBuckets = """
        INSERT INTO conversation_buckets (conversation_id, bucket, user_messages, bot_messages, previous_bucket, assistant)
        SELECT @id, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, @assistant FROM json_each(@rows) j WHERE true
        ON CONFLICT DO NOTHING
        """;

    private const string DeleteOtherSessions = """
        DELETE FROM conversation_sessions
        WHERE conversation_id = @id
          AND NOT EXISTS (
              SELECT 1 FROM json_each(@rows) j
              WHERE j.value ->> 0 = ordinal AND j.value ->> 1 = start_bucket AND j.value ->> 2 = start_ticks
                AND j.value ->> 3 = end_ticks AND j.value ->> 4 = user_messages AND j.value ->> 5 = is_first
                AND assistant = @assistant)
        """;

    private const string InsertSessions = """
        INSERT INTO conversation_sessions (conversation_id, ordinal, start_bucket, start_ticks, end_ticks, user_messages, is_first, assistant)
        SELECT @id, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5, @assistant
        FROM json_each(@rows) j WHERE true
        ON CONFLICT DO NOTHING
        """;

    private const string DeleteOtherBucketNames = """
        DELETE FROM conversation_bucket_names
        WHERE conversation_id = @id
          AND NOT EXISTS (
              SELECT 1 FROM json_each(@rows) j
              WHERE j.value ->> 0 = bucket AND j.value ->> 1 = kind AND j.value ->> 2 = name AND j.value ->> 3 = count
                AND assistant = @assistant)
        """;

    private const string InsertBucketNames = """
        INSERT INTO conversation_bucket_names (conversation_id, bucket, kind, name, count, assistant)
        SELECT @id, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, @assistant FROM json_each(@rows) j WHERE true
        ON CONFLICT DO NOTHING
        """;

    private const string UpsertUserRange = """
        INSERT INTO conversation_user_range (conversation_id, first_ticks, last_ticks, assistant)
        SELECT @id, @first, @last, @assistant WHERE @first IS NOT NULL
        ON CONFLICT (conversation_id) DO UPDATE SET
            first_ticks = excluded.first_ticks, last_ticks = excluded.last_ticks, assistant = excluded.assistant
        """;

    private const string DeleteUserRange = "DELETE FROM conversation_user_range WHERE conversation_id = @id AND @first IS NULL";

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await connections.OpenAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>In the file's write queue, with the conversation and flag stores' writes.</summary>
    protected override Task<T> WriteAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken) =>
        connections.WriteExclusivelyAsync(write, cancellationToken);

    protected override async Task<int> SaveAllAsync(
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyList<MetadataUpdate> updates,
        CancellationToken cancellationToken)
    {
        await using var upsert = Prepare(connection, transaction, MetadataSqlText.Upsert(string.Empty), SavedMetadataColumns.ParameterNames);
        await using var deleteNames = Prepare(connection, transaction, DeleteOtherNames, "id", "names");
        await using var insertNames = Prepare(connection, transaction, InsertNames, "id", "names");
        await using var unindexText = Prepare(connection, transaction, UnindexChangedText, "id", "text");
        await using var deleteText = Prepare(connection, transaction, DeleteChangedText, "id", "text");
        await using var insertText = Prepare(connection, transaction, InsertMissingText, "id", "text");
        await using var indexText = Prepare(connection, transaction, IndexText, "id", "text");
        await using var dequeue = Prepare(connection, transaction, MetadataSqlText.Dequeue, "id", "revision");
        await using var deleteBuckets = Prepare(connection, transaction, DeleteOtherBuckets, "id", "rows", "assistant");
        await using var insertBuckets = Prepare(connection, transaction, InsertBuckets, "id", "rows", "assistant");
        await using var deleteSessions = Prepare(connection, transaction, DeleteOtherSessions, "id", "rows", "assistant");
        await using var insertSessions = Prepare(connection, transaction, InsertSessions, "id", "rows", "assistant");
        await using var deleteBucketNames = Prepare(connection, transaction, DeleteOtherBucketNames, "id", "rows", "assistant");
        await using var insertBucketNames = Prepare(connection, transaction, InsertBucketNames, "id", "rows", "assistant");
        var facts = new List<(DbCommand Delete, DbCommand Insert, Func<FactRows, string> Rows)>
        {
            (deleteBuckets, insertBuckets, f => JsonSerializer.Serialize(f.Buckets)),
            (deleteSessions, insertSessions, f => JsonSerializer.Serialize(f.Sessions)),
            (deleteBucketNames, insertBucketNames, NamesJson),
        };
        await using var upsertRange = Prepare(connection, transaction, UpsertUserRange, "id", "first", "last", "assistant");
        await using var deleteRange = Prepare(connection, transaction, DeleteUserRange, "id", "first");
        var dequeued = 0;
        foreach (var update in updates)
        {
            BindUpsert(upsert, update);
            if (await upsert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
            {
                var names = JsonSerializer.Serialize(Names(update.Metadata).Select(n => new object[] { n.Kind, n.Name }));
                foreach (var command in new[] { deleteNames, insertNames })
                {
                    command.Parameters[0].Value = update.ConversationId;
                    command.Parameters[1].Value = names;
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                foreach (var command in new[] { unindexText, deleteText, insertText, indexText })
                {
                    command.Parameters[0].Value = update.ConversationId;
                    command.Parameters[1].Value = update.Metadata.SearchText;
                }

                await unindexText.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await deleteText.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                if (await insertText.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
                {
                    await indexText.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await SaveFactsAsync(update, facts, upsertRange, deleteRange, cancellationToken).ConfigureAwait(false);
            }

            dequeue.Parameters[0].Value = update.ConversationId;
            dequeue.Parameters[1].Value = update.Revision;
            dequeued += await dequeue.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return dequeued;
    }

    /// <summary>Brings the conversation's fact rows to the folded ones, touching only rows that differ.</summary>
    private static async Task SaveFactsAsync(
        MetadataUpdate update,
        List<(DbCommand Delete, DbCommand Insert, Func<FactRows, string> Rows)> facts,
        DbCommand upsertRange,
        DbCommand deleteRange,
        CancellationToken cancellationToken)
    {
        var rows = FactRows.Of(update);
        foreach (var (delete, insert, json) in facts)
        {
            // One serialisation serves both: rows that differ go, then the missing ones come.
            var value = json(rows);
            foreach (var command in new[] { delete, insert })
            {
                command.Parameters[0].Value = update.ConversationId;
                command.Parameters[1].Value = value;
                command.Parameters[2].Value = rows.Assistant;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        upsertRange.Parameters[0].Value = deleteRange.Parameters[0].Value = update.ConversationId;
        upsertRange.Parameters[1].Value = deleteRange.Parameters[1].Value = (object?)rows.FirstUserTicks ?? DBNull.Value;
        upsertRange.Parameters[2].Value = (object?)rows.LastUserTicks ?? DBNull.Value;
        upsertRange.Parameters[3].Value = rows.Assistant;
        await upsertRange.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await deleteRange.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string NamesJson(FactRows rows) =>
        JsonSerializer.Serialize(rows.Names.Select(n => new object[] { n.Bucket, n.Kind, n.Name, n.Count }));
}
