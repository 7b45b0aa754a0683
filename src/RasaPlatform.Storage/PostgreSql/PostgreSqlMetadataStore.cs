using System.Data.Common;
using NodaTime;
using Npgsql;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.PostgreSql;

/// <summary>Conversation metadata and its work queue on the server: a whole batch of saves in one round trip.</summary>
/// <remarks>
/// Each conversation's name and text statements run only when its metadata row holds the folded revision after the
/// upsert, which is the shared store's "never over a newer revision" rule without a round trip to learn the upsert's
/// outcome. Unchanged name rows and text are left alone, so re-folding an unchanged conversation rewrites no index
/// entry.
/// </remarks>
public sealed class PostgreSqlMetadataStore(PostgreSqlDataSource dataSource, IClock clock) : SqlMetadataStore(clock)
{
    private const string Current = "EXISTS (SELECT 1 FROM conversation_metadata WHERE conversation_id = @id AND revision = @revision)";

    private const string DeleteOtherNames = $"""
        DELETE FROM conversation_names
        WHERE conversation_id = @id AND (kind, name) NOT IN (SELECT k, n FROM unnest(@kinds, @names) AS u(k, n)) AND {Current}
        """;

    private const string InsertNames = $"""
        INSERT INTO conversation_names (kind, name, conversation_id)
        SELECT k, n, @id FROM unnest(@kinds, @names) AS u(k, n) WHERE {Current}
        ON CONFLICT DO NOTHING
        """;

    private const string UpsertText = $"""
        INSERT INTO conversation_text (conversation_id, text)
        SELECT @id, @text WHERE @text <> '' AND {Current}
        ON CONFLICT (conversation_id) DO UPDATE SET text = excluded.text WHERE conversation_text.text <> excluded.text
        """;

    private const string DeleteText = $"DELETE FROM conversation_text WHERE conversation_id = @id AND @text = '' AND {Current}";

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenAsync(cancellationToken).ConfigureAwait(false);

    protected override async Task<int> SaveAllAsync(
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyList<MetadataUpdate> updates,
        CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch((NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        var dequeues = new List<NpgsqlBatchCommand>(updates.Count);
        foreach (var update in updates)
        {
            var upsert = new NpgsqlBatchCommand(MetadataSqlText.Upsert);
            var values = UpsertValues(update);
            for (var i = 0; i < values.Length; i++)
            {
                upsert.Parameters.Add(new NpgsqlParameter(UpsertParameterNames[i], values[i] ?? DBNull.Value));
            }

            batch.BatchCommands.Add(upsert);
            var names = Names(update.Metadata);
            var kinds = names.Select(n => n.Kind).ToArray();
            var texts = names.Select(n => n.Name).ToArray();
            foreach (var sql in new[] { DeleteOtherNames, InsertNames })
            {
                var command = Guarded(sql, update);
                command.Parameters.Add(new NpgsqlParameter<short[]>("kinds", kinds));
                command.Parameters.Add(new NpgsqlParameter<string[]>("names", texts));
                batch.BatchCommands.Add(command);
            }

            foreach (var sql in new[] { UpsertText, DeleteText })
            {
                var command = Guarded(sql, update);
                command.Parameters.Add(new NpgsqlParameter<string>("text", update.Metadata.SearchText));
                batch.BatchCommands.Add(command);
            }

            var dequeue = Guarded(MetadataSqlText.Dequeue, update);
            dequeues.Add(dequeue);
            batch.BatchCommands.Add(dequeue);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return dequeues.Sum(d => d.RecordsAffected);
    }

    private static NpgsqlBatchCommand Guarded(string sql, MetadataUpdate update)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<long>("id", update.ConversationId));
        command.Parameters.Add(new NpgsqlParameter<long>("revision", update.Revision));
        return command;
    }
}
