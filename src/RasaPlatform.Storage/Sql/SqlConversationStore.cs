using System.Data.Common;
using System.Runtime.CompilerServices;
using NodaTime;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Feeds;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Storage.Sql;

/// <summary>The storage port over a relational engine: shared SQL, with dialects overriding only what differs.</summary>
/// <remarks>
/// Writes group by conversation and visit conversations in ordinal id order, so that concurrent writers lock rows in
/// the same order. The conversation rows are upserted first; on a server engine those row locks serialise writers of
/// one conversation, which makes the duplicate check that follows exact. Each step covers the whole call, so a call
/// costs a few statements (dialects may make each one round trip), not a few per conversation.
/// </remarks>
public abstract partial class SqlConversationStore(IClock clock) : IConversationStore
{
    private static readonly IReadOnlyDictionary<(long ConversationId, long Hash), int> NothingStored =
        new Dictionary<(long ConversationId, long Hash), int>();

    /// <summary>Opens a connection ready for use.</summary>
    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <inheritdoc />
    public virtual Task<IngestResult> WriteAsync(IReadOnlyList<ConversationWrite> writes, CancellationToken cancellationToken) =>
        WriteAsync(writes, feed: null, cancellationToken);

    /// <summary>
    /// Applies the writes and, in the same transaction, what <paramref name="feed"/> records: the write of
    /// <see cref="IFeedStore.CommitAsync"/>.
    /// </summary>
    public virtual async Task<IngestResult> WriteAsync(IReadOnlyList<ConversationWrite> writes, FeedProgress? feed, CancellationToken cancellationToken)
    {
        if (writes.Count == 0 && feed is null)
        {
            return IngestResult.Empty;
        }

        var groups = writes.GroupBy(w => w.SenderId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var nowMs = clock.GetCurrentInstant().ToUnixTimeMilliseconds();
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // Whole-batch steps, a few statements per call rather than per conversation: conversation rows first (locking
        // them in id order), then the duplicate check, then the events (and, after a replace, the flags and intent
        // corrections they no longer match), then the conversation rows' new counts and revisions with their metadata
        // queue rows.
        var rows = groups.Count == 0
            ? []
            : await UpsertConversationsAsync(connection, transaction, [.. groups.Select(g => g.Key)], nowMs, cancellationToken).ConfigureAwait(false);
        var plans = groups.Select((g, i) => new WritePlan(rows[i], [.. g])).ToList();
        var lookups = plans.Select(p => p.StoredHashLookup()).OfType<HashLookup>().ToList();
        var stored = lookups.Count == 0
            ? NothingStored
            : await CountStoredHashesAsync(connection, transaction, lookups, cancellationToken).ConfigureAwait(false);
        foreach (var plan in plans)
        {
            plan.Apply(stored);
        }

        var deletes = plans.Where(p => p.DeletesStored).Select(p => p.Row.Id).ToList();
        if (deletes.Count > 0)
        {
            await DeleteEventsAsync(connection, transaction, deletes, cancellationToken).ConfigureAwait(false);
        }

        var inserts = plans.SelectMany(p => p.Inserts).ToList();
        if (inserts.Count > 0)
        {
            await InsertEventsAsync(connection, transaction, inserts, cancellationToken).ConfigureAwait(false);
        }

        if (deletes.Count > 0)
        {
            await DeleteUnmatchedMarksAsync(connection, transaction, deletes, cancellationToken).ConfigureAwait(false);
        }

        if (plans.Count > 0)
        {
            await UpdateConversationsAsync(connection, transaction, [.. plans.Select(p => p.Result)], nowMs, cancellationToken).ConfigureAwait(false);
        }

        if (feed is not null)
        {
            await SqlFeedStore.RecordAsync(connection, transaction, feed, nowMs, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        var result = new IngestResult(plans.Sum(p => p.Stored), plans.Sum(p => p.Skipped), plans.Count);
        Core.Diagnostics.RasaMetrics.EventsIngested.Add(result.Stored);
        Core.Diagnostics.RasaMetrics.EventsSkipped.Add(result.Skipped);
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
    public virtual async IAsyncEnumerable<StoredEvent> ReadEventsAsync(
        string senderId,
        EventQuery query,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(
            SqlText.ReadEvents,
            ("sender", senderId),
            ("until", query.Until ?? double.PositiveInfinity),
            ("from", query.Sequences.From ?? long.MinValue),
            ("through", query.Sequences.Through ?? long.MaxValue));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new StoredEvent(reader.GetInt64(0), reader.GetString(1), reader.GetDouble(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4));
        }
    }

    /// <inheritdoc />
    public virtual IAsyncEnumerable<ConversationEvents> ReadConversationsAsync(IReadOnlyList<string> senderIds, CancellationToken cancellationToken) =>
        ByConversation(ReadConversationRowsAsync(senderIds, cancellationToken));

    /// <summary>
    /// The events of the stored ones of the conversations, each row with its conversation's sender id, ordered by
    /// conversation and arrival (each adapter reads them its own fastest way).
    /// </summary>
    protected abstract IAsyncEnumerable<(string SenderId, StoredEvent Event)> ReadConversationRowsAsync(
        IReadOnlyList<string> senderIds,
        CancellationToken cancellationToken);

    /// <summary>Rows ordered by conversation, gathered into one item per conversation.</summary>
    private static async IAsyncEnumerable<ConversationEvents> ByConversation(IAsyncEnumerable<(string SenderId, StoredEvent Event)> rows)
    {
        string? sender = null;
        var events = new List<StoredEvent>();
        await foreach (var (next, e) in rows.ConfigureAwait(false))
        {
            if (sender is not null && !string.Equals(sender, next, StringComparison.Ordinal))
            {
                yield return new ConversationEvents(sender, events);
                events = [];
            }

            sender = next;
            events.Add(e);
        }

        if (sender is not null)
        {
            yield return new ConversationEvents(sender, events);
        }
    }
}
