using System.Data.Common;
using System.Text.Json;
using NodaTime;
using RasaPlatform.Core.Listing;
using RasaPlatform.Core.Metadata;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Storage.Sql;

/// <summary>The metadata port over a relational engine: shared SQL, with dialects overriding only what differs.</summary>
/// <remarks>
/// A save is one transaction: per conversation the metadata row (never over a newer revision), its name rows and
/// search text, and the queue item's removal if its revision is still the one folded. On a server engine a write that
/// re-queues the conversation concurrently waits for, or is waited for by, that removal's row lock, so a newer revision
/// is never lost.
/// </remarks>
public abstract class SqlMetadataStore(IClock clock) : IMetadataStore
{
    /// <summary>Opens a connection ready for use.</summary>
    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Opens a connection for the end of a catch-up, which builds indexes and recomputes sums over whole tables: by
    /// default as <see cref="OpenConnectionAsync"/>; an engine whose connections sort within their own memory gives one
    /// that holds less.
    /// </summary>
    protected virtual ValueTask<DbConnection> OpenMaintenanceConnectionAsync(CancellationToken cancellationToken) =>
        OpenConnectionAsync(cancellationToken);

    /// <summary>Runs a write; an engine with a single writer queues it behind the process's other writes.</summary>
    protected virtual Task<T> WriteAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken) => write();

    /// <summary>The dialect's clause that makes the claim pass over queue rows other transactions hold; none by default.</summary>
    protected virtual string ClaimSkipLocked => string.Empty;

    /// <summary>
    /// Folds what the triggers left pending (the analytics sums, <see cref="PendingAnalytics"/>) before the save commits;
    /// a dialect that keeps more counts pending folds them here too.
    /// </summary>
    protected virtual Task FoldPendingAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        PendingAnalytics.FoldAsync(connection, transaction, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<MetadataWorkItem>> ClaimAsync(string owner, int limit, Instant until, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ClaimAsync(
            MetadataSqlText.Claim(ClaimSkipLocked),
            [("owner", owner), ("until", until.ToUnixTimeMilliseconds()), ("limit", limit), ("fresh", FreshShare(limit)), ("now", NowMilliseconds())],
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<MetadataWorkItem>> ClaimRecentAsync(string owner, int limit, Instant since, Instant until, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ClaimAsync(
            MetadataSqlText.ClaimRecent(ClaimSkipLocked),
            [("owner", owner), ("until", until.ToUnixTimeMilliseconds()), ("limit", limit), ("since", since.ToUnixTimeMilliseconds()), ("now", NowMilliseconds())],
            cancellationToken);
    }

    /// <summary>Runs a claim (<see cref="MetadataSqlText"/>) and gives what it took, the longest queued first.</summary>
    private Task<IReadOnlyList<MetadataWorkItem>> ClaimAsync(string sql, (string Name, object? Value)[] parameters, CancellationToken cancellationToken) =>
        WriteAsync<IReadOnlyList<MetadataWorkItem>>(
            async () =>
            {
                await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using var command = connection.CreateCommand(sql, parameters);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                var claimed = new List<(MetadataWorkItem Item, long EnqueuedAt)>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    claimed.Add((new MetadataWorkItem(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt32(3)), reader.GetInt64(4)));
                }

                // RETURNING gives no order: the longest queued first, as claimed.
                return [.. claimed.OrderBy(c => c.EnqueuedAt).ThenBy(c => c.Item.ConversationId).Select(c => c.Item)];
            },
            cancellationToken);

    /// <inheritdoc />
    public Task RenewClaimsAsync(string owner, Instant until, CancellationToken cancellationToken) =>
        ExecuteWriteAsync(MetadataSqlText.Renew, cancellationToken, ("owner", owner), ("until", until.ToUnixTimeMilliseconds()));

    /// <inheritdoc />
    public Task ReleaseClaimsAsync(string owner, CancellationToken cancellationToken) =>
        ExecuteWriteAsync(MetadataSqlText.Release, cancellationToken, ("owner", owner));

    /// <inheritdoc />
    public Task RecordFailureAsync(MetadataWorkItem item, string failure, Instant retryAt, CancellationToken cancellationToken) =>
        ExecuteWriteAsync(
            MetadataSqlText.Fail,
            cancellationToken,
            ("id", item.ConversationId), ("revision", item.Revision), ("error", failure), ("retryAt", retryAt.ToUnixTimeMilliseconds()));

    /// <inheritdoc />
    public async Task<MetadataFailures> FailuresAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        long count;
        await using (var counting = connection.CreateCommand(MetadataSqlText.FailedCount))
        {
            count = Convert.ToInt64(await counting.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }

        var items = new List<MetadataFailure>();
        if (limit == 0)
        {
            // The job's progress line asks for the count alone.
            return new MetadataFailures(count, items);
        }

        await using var command = connection.CreateCommand(MetadataSqlText.Failures, ("limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(new MetadataFailure(
                reader.GetString(0),
                reader.GetInt32(1),
                reader.IsDBNull(2) ? string.Empty : reader.GetString(2),
                reader.IsDBNull(3) ? null : Instant.FromUnixTimeMilliseconds(reader.GetInt64(3))));
        }

        return new MetadataFailures(count, items);
    }

    /// <inheritdoc />
    public Task<int> SaveAsync(IReadOnlyList<MetadataUpdate> updates, CancellationToken cancellationToken) =>
        updates.Count == 0
            ? Task.FromResult(0)
            : WriteAsync(
                async () =>
                {
                    await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                    await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                    var dequeued = await SaveAllAsync(connection, transaction, updates, cancellationToken).ConfigureAwait(false);
                    await FoldPendingAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return dequeued;
                },
                cancellationToken);

    /// <inheritdoc />
    public async Task<ConversationMetadata?> GetAsync(string senderId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(MetadataSqlText.Get, ("sender", senderId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadMetadata(reader, 0) : null;
    }

    /// <inheritdoc />
    public Task<long> EnqueueAllAsync(CancellationToken cancellationToken) => WriteAsync(
        async () =>
        {
            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand(
                MetadataSqlText.EnqueueAll, ("now", clock.GetCurrentInstant().ToUnixTimeMilliseconds()));
            return (long)await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        },
        cancellationToken);

    /// <inheritdoc />
    public async Task<long> PendingCountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(MetadataSqlText.PendingCount);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public async Task<Instant?> OldestPendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand("SELECT MIN(enqueued_at_ms) FROM metadata_queue");
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is { } value and not DBNull
            ? Instant.FromUnixTimeMilliseconds(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture))
            : null;
    }

    /// <inheritdoc />
    public async Task<bool> AnyClaimableAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(MetadataSqlText.AnyClaimable, ("now", NowMilliseconds()));
        return Convert.ToBoolean(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public Task<bool> DeferMaintenanceAsync(long minimumBacklog, CancellationToken cancellationToken) => WriteAsync(
        async () =>
        {
            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await LockMaintenanceRecordAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            if (Convert.ToBoolean(
                await connection.ScalarAsync(transaction, DeferredMaintenance.IsDeferred, cancellationToken).ConfigureAwait(false),
                System.Globalization.CultureInfo.InvariantCulture))
            {
                return true;
            }

            if (await DeferredMaintenance.PendingAsync(connection, transaction, cancellationToken).ConfigureAwait(false) < minimumBacklog)
            {
                return false;
            }

            await LockMaintainedTablesAsync(connection, transaction, restoring: false, cancellationToken).ConfigureAwait(false);
            var objects = await DeferrableAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            await DeferredMaintenance.SetAsideAsync(connection, transaction, objects, Drop, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        },
        cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// First, in one transaction, the triggers and the counts and sums recomputed from the rows: what readers of the
    /// statistics and analytics see comes back first, and the recomputes read the tables in their keys' order while no
    /// secondary index offers them another (at a million conversations on SQLite, the name counts took 38 s through the
    /// look-up by name, which visits conversations in no order, and 18 s without it). Then each index in a transaction
    /// of its own, so that writes go on between them.
    /// </remarks>
    public async Task<bool> RestoreMaintenanceAsync(long minimumBacklog, CancellationToken cancellationToken)
    {
        var step = await RestoreStepAsync(minimumBacklog, cancellationToken).ConfigureAwait(false);
        while (step == RestoreStep.Partly)
        {
            step = await RestoreStepAsync(minimumBacklog, cancellationToken).ConfigureAwait(false);
        }

        return step == RestoreStep.Done;
    }

    /// <summary>One transaction of a restore: the triggers with the counts and sums, or, once they are back, one index.</summary>
    private Task<RestoreStep> RestoreStepAsync(long minimumBacklog, CancellationToken cancellationToken) => WriteAsync(
        async () =>
        {
            await using var connection = await OpenMaintenanceConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await LockMaintenanceRecordAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            var objects = await DeferredMaintenance.ReadAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            if (objects.Count == 0)
            {
                return RestoreStep.NotDeferred;
            }

            if (await DeferredMaintenance.PendingAsync(connection, transaction, cancellationToken).ConfigureAwait(false) >= minimumBacklog)
            {
                return RestoreStep.Declined;
            }

            // The triggers, all in one step, while any are aside; then the indexes, one per step.
            var triggers = objects.FindAll(o => o.Kind == DeferredMaintenance.Trigger);
            List<DeferredObject> restored = triggers.Count > 0 ? triggers : [objects[0]];
            if (triggers.Count > 0)
            {
                await LockMaintainedTablesAsync(connection, transaction, restoring: true, cancellationToken).ConfigureAwait(false);
                await DeferredMaintenance.RestoreUpkeepAsync(connection, transaction, triggers, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await DeferredMaintenance.RestoreAsync(connection, transaction, objects[0], cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return restored.Count == objects.Count ? RestoreStep.Done : RestoreStep.Partly;
        },
        cancellationToken);

    /// <inheritdoc />
    public async Task<bool> IsMaintenanceDeferredAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(DeferredMaintenance.IsDeferred);
        return Convert.ToBoolean(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The catalog query for the indexes and triggers <see cref="DeferredMaintenance"/> sets aside, as (name, kind,
    /// table, definition): secondary, not unique, not led by <c>conversation_id</c> indexes of the tables
    /// <c>@indexTables</c>, and every trigger of the tables <c>@triggerTables</c>.
    /// </summary>
    private protected abstract string DeferrableSql { get; }

    /// <summary>A list of table names as this engine's catalog query takes it.</summary>
    private protected abstract object TableList(IReadOnlyList<string> tables);

    /// <summary>The objects <see cref="DeferrableSql"/> finds now.</summary>
    private async Task<List<DeferredObject>> DeferrableAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand(
            transaction,
            DeferrableSql,
            ("indexTables", TableList(DeferredMaintenance.IndexTables)),
            ("triggerTables", TableList(DeferredMaintenance.TriggerTables)));
        return await DeferredMaintenance.ReadObjectsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The statement that drops <paramref name="deferred"/>.</summary>
    private protected abstract string Drop(DeferredObject deferred);

    /// <summary>Makes deferring and restoring exclusive among instances where the engine needs it; nothing by default (one writer at a time).</summary>
    protected virtual Task LockMaintenanceRecordAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>
    /// Keeps other writers of the maintained tables out until the transaction ends, where the engine needs it; nothing
    /// by default. <c>restoring</c>: restoring (readers may go on) rather than setting aside (objects are dropped).
    /// </summary>
    protected virtual Task LockMaintainedTablesAsync(DbConnection connection, DbTransaction transaction, bool restoring, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>How many of the newest queued conversations a claim takes beside the oldest: a quarter of the batch, at least one.</summary>
    internal static int FreshShare(int limit) => Math.Max(1, limit / 4);

    private long NowMilliseconds() => clock.GetCurrentInstant().ToUnixTimeMilliseconds();

    private Task<int> ExecuteWriteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        WriteAsync(
            async () =>
            {
                await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using var command = connection.CreateCommand(sql, parameters);
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    /// <summary>The columns <see cref="ReadMetadata"/> reads, from <c>conversation_metadata m</c>: the saved ones, then the search text.</summary>
    /// <param name="text">The search text's expression, e.g. a joined <c>conversation_text</c>'s column, or NULL.</param>
    internal static string MetadataColumns(string text) => $"{SavedMetadataColumns.ReadList}, {text}";

    /// <summary>Reads the <see cref="MetadataColumns"/> starting at <paramref name="first"/>.</summary>
    internal static ConversationMetadata ReadMetadata(DbDataReader r, int first)
    {
        var text = first + SavedMetadataColumns.ReadColumns.Count;
        return SavedMetadataColumns.Read(r, first) with { SearchText = r.IsDBNull(text) ? string.Empty : r.GetString(text) };
    }

    /// <summary>Saves every update in the open transaction; returns how many queue items were removed.</summary>
    /// <remarks>
    /// Per conversation: the upsert (never over a newer revision), then, only if it stored, its name rows and search
    /// text brought to the folded ones, touching only what changed; then the dequeue.
    /// </remarks>
    protected abstract Task<int> SaveAllAsync(
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyList<MetadataUpdate> updates,
        CancellationToken cancellationToken);
}

/// <summary>What one transaction of <see cref="SqlMetadataStore.RestoreMaintenanceAsync"/> did.</summary>
internal enum RestoreStep
{
    /// <summary>Nothing is deferred.</summary>
    NotDeferred,

    /// <summary>The backlog is still at least the threshold: nothing changed.</summary>
    Declined,

    /// <summary>The triggers are back with the counts and sums recomputed, or one index was built again; more follows.</summary>
    Partly,

    /// <summary>The last of it is back: maintenance is whole.</summary>
    Done,
}
