using System.Data.Common;
using NodaTime;
using RasaPlatform.Core.Feeds;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Storage.Sql;

/// <summary>The feeds' positions and rejected messages in the relational store; the SQL is the same on both engines.</summary>
/// <remarks>A commit is the conversation store's write with the feed's rows added to its transaction.</remarks>
public abstract class SqlFeedStore(SqlConversationStore conversations) : IFeedStore
{
    /// <summary>Positions only move forward: a second instance committing rows the first already passed leaves it be.</summary>
    private const string UpsertPosition = """
        INSERT INTO feed_positions (feed, position, updated_at_ms) VALUES (@feed, @position, @now)
        ON CONFLICT (feed) DO UPDATE SET
            position = CASE WHEN excluded.position > feed_positions.position THEN excluded.position ELSE feed_positions.position END,
            updated_at_ms = excluded.updated_at_ms
        """;

    private const string InsertReject = """
        INSERT INTO feed_rejects (feed, body_hash, source, sender_id, field, reason, body, received_at_ms)
        VALUES (@feed, @hash, @source, @sender, @field, @reason, @body, @received)
        ON CONFLICT (feed, body_hash) DO NOTHING
        """;

    private const string SelectRejects = """
        SELECT feed, source, sender_id, field, reason, body, body_hash, received_at_ms FROM feed_rejects
        {0}
        ORDER BY id DESC
        LIMIT @limit
        """;

    /// <summary>Deletes what the senders sent that was refused: part of deleting their conversations.</summary>
    internal const string DeleteRejectsOfSenders = "DELETE FROM feed_rejects WHERE sender_id IN ({0})";

    /// <summary>Opens a connection ready for use.</summary>
    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Runs a write with the engine's write discipline (SQLite: one writer in the process).</summary>
    protected virtual Task<T> WriteAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken) => write();

    /// <inheritdoc />
    public Task<IngestResult> CommitAsync(IReadOnlyList<ConversationWrite> writes, FeedProgress progress, CancellationToken cancellationToken) =>
        conversations.WriteAsync(writes, progress, cancellationToken);

    /// <inheritdoc />
    public async Task<long?> PositionAsync(string feed, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand("SELECT position FROM feed_positions WHERE feed = @feed", ("feed", feed));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is { } value and not DBNull
            ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)
            : null;
    }

    /// <inheritdoc />
    public Task ForgetPositionAsync(string feed, CancellationToken cancellationToken) =>
        WriteAsync(
            async () =>
            {
                await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using var command = connection.CreateCommand("DELETE FROM feed_positions WHERE feed = @feed", ("feed", feed));
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, long>> RejectCountsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand("SELECT feed, COUNT(*) FROM feed_rejects GROUP BY feed");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredFeedReject>> RejectsAsync(string? feed, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = feed is null
            ? connection.CreateCommand(SelectRejects.Replace("{0}", string.Empty, StringComparison.Ordinal), ("limit", limit))
            : connection.CreateCommand(SelectRejects.Replace("{0}", "WHERE feed = @feed", StringComparison.Ordinal), ("feed", feed), ("limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rejects = new List<StoredFeedReject>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rejects.Add(new StoredFeedReject(
                reader.GetString(0),
                new FeedReject(
                    reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.GetString(3),
                    reader.GetString(4),
                    reader.GetString(5),
                    reader.GetInt64(6),
                    Instant.FromUnixTimeMilliseconds(reader.GetInt64(7)))));
        }

        return rejects;
    }

    /// <summary>Records the feed's position and rejects in the transaction of its events.</summary>
    internal static async Task RecordAsync(DbConnection connection, DbTransaction transaction, FeedProgress feed, long nowMs, CancellationToken cancellationToken)
    {
        if (feed.Position is { } position)
        {
            await using var command = connection.CreateCommand(transaction, UpsertPosition, ("feed", feed.Feed), ("position", position), ("now", nowMs));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var reject in feed.Rejects)
        {
            await using var command = connection.CreateCommand(
                transaction,
                InsertReject,
                ("feed", feed.Feed),
                ("hash", reject.BodyHash),
                ("source", reject.Source),
                ("sender", reject.SenderId),
                ("field", reject.Field),
                ("reason", reject.Reason),
                ("body", reject.Body),
                ("received", reject.ReceivedAt.ToUnixTimeMilliseconds()));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
