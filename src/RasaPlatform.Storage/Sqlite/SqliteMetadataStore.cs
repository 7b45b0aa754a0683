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
        await using var upsert = Prepare(connection, transaction, MetadataSqlText.Upsert, UpsertParameterNames);
        await using var deleteNames = Prepare(connection, transaction, DeleteOtherNames, "id", "names");
        await using var insertNames = Prepare(connection, transaction, InsertNames, "id", "names");
        await using var unindexText = Prepare(connection, transaction, UnindexChangedText, "id", "text");
        await using var deleteText = Prepare(connection, transaction, DeleteChangedText, "id", "text");
        await using var insertText = Prepare(connection, transaction, InsertMissingText, "id", "text");
        await using var indexText = Prepare(connection, transaction, IndexText, "id", "text");
        await using var dequeue = Prepare(connection, transaction, MetadataSqlText.Dequeue, "id", "revision");
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
            }

            dequeue.Parameters[0].Value = update.ConversationId;
            dequeue.Parameters[1].Value = update.Revision;
            dequeued += await dequeue.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return dequeued;
    }
}
