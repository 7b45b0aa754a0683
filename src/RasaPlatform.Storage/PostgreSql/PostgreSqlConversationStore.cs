using System.Data.Common;
using NodaTime;
using Npgsql;
using NpgsqlTypes;
using RasaPlatform.Core.Events;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.PostgreSql;

/// <summary>The server store: batches of events go in by binary COPY, duplicate checks take the hashes as one array.</summary>
/// <remarks>
/// Writers of one conversation are serialised by the row lock the shared upsert takes, so several service instances can
/// append to the same conversation at once without storing an event twice.
/// </remarks>
public sealed class PostgreSqlConversationStore(PostgreSqlDataSource dataSource, IClock clock) : SqlConversationStore(clock)
{
    /// <summary>Up to this many events go in as prepared single-row inserts: fewer round trips than a COPY.</summary>
    private const int SmallBatch = 3;

    private const string CopyEvents =
        "COPY events (conversation_id, seq, type, timestamp, content_hash, data) FROM STDIN (FORMAT BINARY)";

    private const string CountHashes = """
        SELECT content_hash, COUNT(*) FROM events
        WHERE conversation_id = @conversation AND content_hash = ANY(@hashes)
        GROUP BY content_hash
        """;

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenAsync(cancellationToken).ConfigureAwait(false);

    protected override async Task InsertEventsAsync(
        DbConnection connection,
        DbTransaction transaction,
        long conversationId,
        long firstSeq,
        IReadOnlyList<IncomingEvent> events,
        CancellationToken cancellationToken)
    {
        if (events.Count <= SmallBatch)
        {
            await base.InsertEventsAsync(connection, transaction, conversationId, firstSeq, events, cancellationToken).ConfigureAwait(false);
            return;
        }

        // COPY runs inside the connection's open transaction; disposing an importer that did not complete cancels it.
        await using var importer = await ((NpgsqlConnection)connection).BeginBinaryImportAsync(CopyEvents, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(conversationId, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(firstSeq + i, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(e.Type, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(e.Timestamp, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(e.ContentHash, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(e.Json, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        }

        await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task<Dictionary<long, int>> CountStoredHashesAsync(
        DbConnection connection,
        DbTransaction transaction,
        long conversationId,
        IReadOnlyCollection<long> hashes,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(CountHashes, (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        command.Parameters.Add(new NpgsqlParameter<long>("conversation", conversationId));
        command.Parameters.Add(new NpgsqlParameter<long[]>("hashes", [.. hashes]));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var counts = new Dictionary<long, int>(hashes.Count);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts[reader.GetInt64(0)] = checked((int)reader.GetInt64(1));
        }

        return counts;
    }
}
