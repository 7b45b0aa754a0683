using System.Data.Common;

namespace RasaPlatform.Storage.Sql;

/// <summary>The whole-call steps of a write, as one prepared statement executed per row; dialects may batch them.</summary>
public abstract partial class SqlConversationStore
{
    /// <summary>Creates or touches the conversation rows, in the order given, and returns them in that order.</summary>
    protected virtual async Task<IReadOnlyList<ConversationRow>> UpsertConversationsAsync(
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyList<string> senderIds,
        long nowMs,
        CancellationToken cancellationToken)
    {
        await using var command = await PreparedAsync(connection, transaction, SqlText.UpsertConversation, cancellationToken, ("sender", string.Empty), ("now", nowMs)).ConfigureAwait(false);
        var rows = new List<ConversationRow>(senderIds.Count);
        foreach (var senderId in senderIds)
        {
            command.Parameters[0].Value = senderId;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            rows.Add(new ConversationRow(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetDouble(3), reader.GetInt64(4)));
        }

        return rows;
    }

    /// <summary>Counts, per conversation and content hash, the stored events that carry it.</summary>
    protected virtual async Task<IReadOnlyDictionary<(long ConversationId, long Hash), int>> CountStoredHashesAsync(
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyList<HashLookup> lookups,
        CancellationToken cancellationToken)
    {
        const int chunkSize = 500;
        var counts = new Dictionary<(long, long), int>();
        foreach (var lookup in lookups)
        {
            foreach (var chunk in lookup.Hashes.Chunk(chunkSize))
            {
                var names = chunk.Select((_, i) => $"@h{i}").ToArray();
                await using var command = connection.CreateCommand(
                    SqlText.CountHashesInList.Replace("{0}", string.Join(", ", names), StringComparison.Ordinal),
                    ("conversation", lookup.ConversationId));
                command.Transaction = transaction;
                for (var i = 0; i < chunk.Length; i++)
                {
                    command.AddParameter($"h{i}", chunk[i]);
                }

                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    counts[(lookup.ConversationId, reader.GetInt64(0))] = checked((int)reader.GetInt64(1));
                }
            }
        }

        return counts;
    }

    /// <summary>Deletes every stored event of the conversations.</summary>
    protected virtual async Task DeleteEventsAsync(
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyList<long> conversationIds,
        CancellationToken cancellationToken)
    {
        await using var command = await PreparedAsync(connection, transaction, SqlText.DeleteEvents, cancellationToken, ("conversation", 0L)).ConfigureAwait(false);
        foreach (var id in conversationIds)
        {
            command.Parameters[0].Value = id;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// After the conversations' events were replaced: deletes their flags whose timestamp matches none of their messages
    /// now, and their intent corrections whose timestamp matches none of their user messages, so that no mark points at
    /// nothing (see <see cref="Core.Storage.IFlagStore"/>, <see cref="Core.Storage.IIntentCorrectionStore"/>).
    /// </summary>
    protected virtual async Task DeleteUnmatchedMarksAsync(
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyList<long> conversationIds,
        CancellationToken cancellationToken)
    {
        foreach (var sql in (string[])[FlagSqlText.DeleteUnmatched, CorrectionSqlText.DeleteUnmatched])
        {
            await using var command = await PreparedAsync(connection, transaction, sql, cancellationToken, ("conversation", 0L)).ConfigureAwait(false);
            foreach (var id in conversationIds)
            {
                command.Parameters[0].Value = id;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Inserts the events, in the order given.</summary>
    protected virtual async Task InsertEventsAsync(
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyList<EventRow> rows,
        CancellationToken cancellationToken)
    {
        await using var command = await PreparedAsync(
            connection,
            transaction,
            SqlText.InsertEvent,
            cancellationToken,
            ("conversation", 0L),
            ("seq", 0L),
            ("type", string.Empty),
            ("timestamp", 0d),
            ("hash", 0L),
            ("name", null),
            ("data", string.Empty)).ConfigureAwait(false);
        var p = command.Parameters;
        foreach (var row in rows)
        {
            p[0].Value = row.ConversationId;
            p[1].Value = row.Seq;
            p[2].Value = row.Event.Type;
            p[3].Value = row.Event.Timestamp;
            p[4].Value = row.Event.ContentHash;
            p[5].Value = (object?)row.Event.Name ?? DBNull.Value;
            p[6].Value = row.Event.Json;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Stores the conversations' new sequence numbers, counts, latest event times and revisions, and queues each for the
    /// metadata projector at its new revision: in the write's transaction, so no committed write goes unprojected.
    /// </summary>
    protected virtual async Task UpdateConversationsAsync(
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyList<ConversationRow> rows,
        long nowMs,
        CancellationToken cancellationToken)
    {
        await using var update = await PreparedAsync(
            connection,
            transaction,
            SqlText.UpdateConversation,
            cancellationToken,
            ("id", 0L),
            ("nextSeq", 0L),
            ("count", 0L),
            ("latest", null),
            ("revision", 0L)).ConfigureAwait(false);
        await using var enqueue = await PreparedAsync(
            connection, transaction, SqlText.EnqueueMetadata, cancellationToken, ("id", 0L), ("revision", 0L), ("now", nowMs)).ConfigureAwait(false);
        var p = update.Parameters;
        var q = enqueue.Parameters;
        foreach (var row in rows)
        {
            p[0].Value = row.Id;
            p[1].Value = row.NextSeq;
            p[2].Value = row.EventCount;
            p[3].Value = row.LatestEventTime is { } latest ? latest : DBNull.Value;
            p[4].Value = row.Revision;
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            q[0].Value = row.Id;
            q[1].Value = row.Revision;
            await enqueue.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A command compiled once and executed for many rows of one call.</summary>
    private static async Task<DbCommand> PreparedAsync(
        DbConnection connection,
        DbTransaction transaction,
        string sql,
        CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand(sql, parameters);
        command.Transaction = transaction;
        await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        return command;
    }
}
