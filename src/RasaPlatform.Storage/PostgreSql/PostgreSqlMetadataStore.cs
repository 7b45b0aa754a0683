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
    /// <summary>
    /// The key-share lock on the conversation row makes a save and a deletion of the conversation wait for each other,
    /// so a save never stores metadata of a conversation deleted after its check; writers' updates don't conflict.
    /// </summary>
    private static readonly string UpsertMetadata = MetadataSqlText.Upsert("FOR KEY SHARE");

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

    private const string DeleteOtherBuckets = $"""
        DELETE FROM conversation_buckets
        WHERE conversation_id = @id AND {Current}
          AND ((bucket, user_messages, bot_messages, previous_bucket) NOT IN (SELECT * FROM unnest(@c0, @c1, @c2, @c3))
               OR assistant <> @assistant)
        """;

    private const string InsertBuckets = $"""
        INSERT INTO conversation_buckets (conversation_id, bucket, user_messages, bot_messages, previous_bucket, assistant)
        SELECT @id, c0, c1, c2, c3, @assistant FROM unnest(@c0, @c1, @c2, @c3) AS u(c0, c1, c2, c3) WHERE {Current}
        ON CONFLICT DO NOTHING
        """;

    private const string DeleteOtherSessions = $"""
        DELETE FROM conversation_sessions
        WHERE conversation_id = @id AND {Current}
          AND ((ordinal, start_bucket, start_ticks, end_ticks, user_messages, is_first)
                   NOT IN (SELECT * FROM unnest(@c0, @c1, @c2, @c3, @c4, @c5))
               OR assistant <> @assistant)
        """;

    private const string InsertSessions = $"""
        INSERT INTO conversation_sessions (conversation_id, ordinal, start_bucket, start_ticks, end_ticks, user_messages, is_first, assistant)
        SELECT @id, c0, c1, c2, c3, c4, c5, @assistant FROM unnest(@c0, @c1, @c2, @c3, @c4, @c5) AS u(c0, c1, c2, c3, c4, c5) WHERE {Current}
        ON CONFLICT DO NOTHING
        """;

    private const string DeleteOtherBucketNames = $"""
        DELETE FROM conversation_bucket_names
        WHERE conversation_id = @id AND {Current}
          AND ((bucket, kind, name, count) NOT IN (SELECT * FROM unnest(@buckets, @kinds, @names, @counts))
               OR assistant <> @assistant)
        """;

    private const string InsertBucketNames = $"""
        INSERT INTO conversation_bucket_names (conversation_id, bucket, kind, name, count, assistant)
        SELECT @id, b, k, n, c, @assistant FROM unnest(@buckets, @kinds, @names, @counts) AS u(b, k, n, c) WHERE {Current}
        ON CONFLICT DO NOTHING
        """;

    private const string UpsertUserRange = $"""
        INSERT INTO conversation_user_range (conversation_id, first_ticks, last_ticks, assistant)
        SELECT @id, @first, @last, @assistant WHERE @first IS NOT NULL AND {Current}
        ON CONFLICT (conversation_id) DO UPDATE SET
            first_ticks = excluded.first_ticks, last_ticks = excluded.last_ticks, assistant = excluded.assistant
        """;

    private const string DeleteUserRange = $"DELETE FROM conversation_user_range WHERE conversation_id = @id AND @first IS NULL AND {Current}";

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
            var upsert = new NpgsqlBatchCommand(UpsertMetadata);
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

            AddFacts(batch, update);
            var dequeue = Guarded(MetadataSqlText.Dequeue, update);
            dequeues.Add(dequeue);
            batch.BatchCommands.Add(dequeue);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return dequeues.Sum(d => d.RecordsAffected);
    }

    /// <summary>Brings the conversation's fact rows to the folded ones, touching only rows that differ.</summary>
    private static void AddFacts(NpgsqlBatch batch, MetadataUpdate update)
    {
        var rows = FactRows.Of(update);
        foreach (var (sql, columns, width) in new[]
        {
            (DeleteOtherBuckets, rows.Buckets, 4), (InsertBuckets, rows.Buckets, 4),
            (DeleteOtherSessions, rows.Sessions, 6), (InsertSessions, rows.Sessions, 6),
        })
        {
            var command = Guarded(sql, update);
            for (var i = 0; i < width; i++)
            {
                command.Parameters.Add(new NpgsqlParameter<long[]>("c" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), FactRows.Column(columns, i)));
            }

            command.Parameters.Add(new NpgsqlParameter<string>("assistant", rows.Assistant));

            batch.BatchCommands.Add(command);
        }

        foreach (var sql in new[] { DeleteOtherBucketNames, InsertBucketNames })
        {
            var command = Guarded(sql, update);
            command.Parameters.Add(new NpgsqlParameter<long[]>("buckets", [.. rows.Names.Select(n => n.Bucket)]));
            command.Parameters.Add(new NpgsqlParameter<short[]>("kinds", [.. rows.Names.Select(n => n.Kind)]));
            command.Parameters.Add(new NpgsqlParameter<string[]>("names", [.. rows.Names.Select(n => n.Name)]));
            command.Parameters.Add(new NpgsqlParameter<long[]>("counts", [.. rows.Names.Select(n => n.Count)]));
            command.Parameters.Add(new NpgsqlParameter<string>("assistant", rows.Assistant));
            batch.BatchCommands.Add(command);
        }

        foreach (var sql in new[] { UpsertUserRange, DeleteUserRange })
        {
            var command = Guarded(sql, update);
            command.Parameters.Add(new NpgsqlParameter("first", NpgsqlTypes.NpgsqlDbType.Bigint) { Value = (object?)rows.FirstUserTicks ?? DBNull.Value });
            if (sql == UpsertUserRange)
            {
                command.Parameters.Add(new NpgsqlParameter("last", NpgsqlTypes.NpgsqlDbType.Bigint) { Value = (object?)rows.LastUserTicks ?? DBNull.Value });
                command.Parameters.Add(new NpgsqlParameter<string>("assistant", rows.Assistant));
            }

            batch.BatchCommands.Add(command);
        }
    }

    private static NpgsqlBatchCommand Guarded(string sql, MetadataUpdate update)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<long>("id", update.ConversationId));
        command.Parameters.Add(new NpgsqlParameter<long>("revision", update.Revision));
        return command;
    }
}
