using System.Data.Common;
using System.Runtime.CompilerServices;
using NodaTime;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Storage.Sql;

/// <summary>The storage port over a relational engine: shared SQL, with dialects overriding only what differs.</summary>
/// <remarks>
/// Writes group by conversation and visit conversations in ordinal id order, so that concurrent writers lock rows in
/// the same order. The conversation row is upserted first; on a server engine that row lock serialises writers of one
/// conversation, which makes the duplicate check that follows exact.
/// </remarks>
public abstract class SqlConversationStore(IClock clock) : IConversationStore
{
    /// <summary>Opens a connection ready for use.</summary>
    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <inheritdoc />
    public virtual async Task<IngestResult> WriteAsync(IReadOnlyList<ConversationWrite> writes, CancellationToken cancellationToken)
    {
        if (writes.Count == 0)
        {
            return IngestResult.Empty;
        }

        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var result = IngestResult.Empty;
        foreach (var group in writes.GroupBy(w => w.SenderId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            result = result.Add(await WriteConversationAsync(connection, transaction, group.Key, [.. group], cancellationToken).ConfigureAwait(false));
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <inheritdoc />
    public async Task<ConversationInfo?> FindAsync(string senderId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(SqlText.FindConversation, ("sender", senderId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new ConversationInfo(reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetDouble(2));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredEvent> ReadEventsAsync(
        string senderId,
        EventQuery query,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(
            SqlText.ReadEvents,
            ("sender", senderId),
            ("until", query.Until ?? double.PositiveInfinity));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new StoredEvent(reader.GetInt64(0), reader.GetString(1), reader.GetDouble(2), reader.GetString(3));
        }
    }

    /// <summary>Counts, per content hash, the events of the conversation that carry it.</summary>
    protected virtual async Task<Dictionary<long, int>> CountStoredHashesAsync(
        DbConnection connection,
        DbTransaction transaction,
        long conversationId,
        IReadOnlyCollection<long> hashes,
        CancellationToken cancellationToken)
    {
        const int chunkSize = 500;
        var counts = new Dictionary<long, int>();
        foreach (var chunk in hashes.Chunk(chunkSize))
        {
            var names = chunk.Select((_, i) => $"@h{i}").ToArray();
            await using var command = connection.CreateCommand(
                SqlText.CountHashesInList.Replace("{0}", string.Join(", ", names), StringComparison.Ordinal),
                ("conversation", conversationId));
            command.Transaction = transaction;
            for (var i = 0; i < chunk.Length; i++)
            {
                command.AddParameter($"h{i}", chunk[i]);
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                counts[reader.GetInt64(0)] = checked((int)reader.GetInt64(1));
            }
        }

        return counts;
    }

    /// <summary>Inserts events with consecutive sequence numbers starting at <paramref name="firstSeq"/>.</summary>
    protected virtual async Task InsertEventsAsync(
        DbConnection connection,
        DbTransaction transaction,
        long conversationId,
        long firstSeq,
        IReadOnlyList<IncomingEvent> events,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand(SqlText.InsertEvent);
        command.Transaction = transaction;
        command.AddParameter("conversation", conversationId);
        var seq = command.AddParameter("seq", 0L);
        var type = command.AddParameter("type", string.Empty);
        var timestamp = command.AddParameter("timestamp", 0d);
        var hash = command.AddParameter("hash", 0L);
        var data = command.AddParameter("data", string.Empty);
        await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            seq.Value = firstSeq + i;
            type.Value = e.Type;
            timestamp.Value = e.Timestamp;
            hash.Value = e.ContentHash;
            data.Value = e.Json;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IngestResult> WriteConversationAsync(
        DbConnection connection,
        DbTransaction transaction,
        string senderId,
        IReadOnlyList<ConversationWrite> writes,
        CancellationToken cancellationToken)
    {
        var nowMs = clock.GetCurrentInstant().ToUnixTimeMilliseconds();
        var row = await UpsertConversationAsync(connection, transaction, senderId, nowMs, cancellationToken).ConfigureAwait(false);
        long stored = 0, skipped = 0;
        foreach (var write in writes)
        {
            if (write.Mode == WriteMode.Replace)
            {
                await using var delete = connection.CreateCommand(SqlText.DeleteEvents, ("conversation", row.Id));
                delete.Transaction = transaction;
                await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                row = row with { EventCount = 0, LatestEventTime = null };
            }

            var toInsert = row.EventCount == 0
                ? write.Events
                : await WithoutStoredAsync(connection, transaction, row.Id, write.Events, cancellationToken).ConfigureAwait(false);
            await InsertEventsAsync(connection, transaction, row.Id, row.NextSeq, toInsert, cancellationToken).ConfigureAwait(false);
            row = new ConversationRow(
                row.Id,
                row.NextSeq + toInsert.Count,
                row.EventCount + toInsert.Count,
                toInsert.Count > 0 ? toInsert[^1].Timestamp : row.LatestEventTime);
            stored += toInsert.Count;
            skipped += write.Events.Count - toInsert.Count;
        }

        await using var update = connection.CreateCommand(
            SqlText.UpdateConversation,
            ("id", row.Id),
            ("nextSeq", row.NextSeq),
            ("count", row.EventCount),
            ("latest", row.LatestEventTime));
        update.Transaction = transaction;
        await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return new IngestResult(stored, skipped, 1);
    }

    /// <summary>Leaves out, counting multiplicity, the events equal to ones already stored.</summary>
    private async Task<IReadOnlyList<IncomingEvent>> WithoutStoredAsync(
        DbConnection connection,
        DbTransaction transaction,
        long conversationId,
        IReadOnlyList<IncomingEvent> events,
        CancellationToken cancellationToken)
    {
        var hashes = events.Select(e => e.ContentHash).Distinct().ToList();
        var remaining = await CountStoredHashesAsync(connection, transaction, conversationId, hashes, cancellationToken).ConfigureAwait(false);
        if (remaining.Count == 0)
        {
            return events;
        }

        var kept = new List<IncomingEvent>(events.Count);
        foreach (var e in events)
        {
            if (remaining.TryGetValue(e.ContentHash, out var left) && left > 0)
            {
                remaining[e.ContentHash] = left - 1;
                continue;
            }

            kept.Add(e);
        }

        return kept;
    }

    private static async Task<ConversationRow> UpsertConversationAsync(
        DbConnection connection,
        DbTransaction transaction,
        string senderId,
        long nowMs,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand(SqlText.UpsertConversation, ("sender", senderId), ("now", nowMs));
        command.Transaction = transaction;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new ConversationRow(
            reader.GetInt64(0),
            reader.GetInt64(1),
            reader.GetInt64(2),
            reader.IsDBNull(3) ? null : reader.GetDouble(3));
    }

    private sealed record ConversationRow(long Id, long NextSeq, long EventCount, double? LatestEventTime);
}
