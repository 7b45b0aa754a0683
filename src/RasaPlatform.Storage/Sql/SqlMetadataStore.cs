using System.Data.Common;
using System.Text.Json;
using NodaTime;
using RasaPlatform.Core.Metadata;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Storage.Sql;

/// <summary>The metadata port over a relational engine: shared SQL, with dialects overriding only what differs.</summary>
/// <remarks>
/// A save is one transaction: the metadata row (never over a newer revision), the conversation's name rows, and the
/// queue item's removal if its revision is still the one folded. On a server engine a write that re-queues the
/// conversation concurrently waits for, or is waited for by, that removal's row lock, so a newer revision is never lost.
/// </remarks>
public abstract class SqlMetadataStore(IClock clock) : IMetadataStore
{
    /// <summary>A <c>conversation_names</c> row of one conversation: kind 1 intent, 2 entity, 3 action, 4 policy.</summary>
    protected readonly record struct NameRow(short Kind, string Name);

    /// <summary>Opens a connection ready for use.</summary>
    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<MetadataWorkItem>> ClaimAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(MetadataSqlText.Claim, ("limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var items = new List<MetadataWorkItem>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(new MetadataWorkItem(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return items;
    }

    /// <inheritdoc />
    public virtual async Task<bool> SaveAsync(ConversationMetadata metadata, long conversationId, long revision, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (await UpsertAsync(connection, transaction, metadata, conversationId, revision, cancellationToken).ConfigureAwait(false))
        {
            await ReplaceNamesAsync(connection, transaction, conversationId, Names(metadata), cancellationToken).ConfigureAwait(false);
        }

        bool dequeued;
        await using (var dequeue = connection.CreateCommand(MetadataSqlText.Dequeue, ("id", conversationId), ("revision", revision)))
        {
            dequeue.Transaction = transaction;
            dequeued = await dequeue.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return dequeued;
    }

    /// <inheritdoc />
    public async Task<ConversationMetadata?> GetAsync(string senderId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(MetadataSqlText.Get, ("sender", senderId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    /// <inheritdoc />
    public async Task<long> EnqueueAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(
            MetadataSqlText.EnqueueAll, ("now", clock.GetCurrentInstant().ToUnixTimeMilliseconds()));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<long> PendingCountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(MetadataSqlText.PendingCount);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Makes the conversation's name rows exactly <paramref name="names"/>.</summary>
    protected virtual async Task ReplaceNamesAsync(
        DbConnection connection,
        DbTransaction transaction,
        long conversationId,
        IReadOnlyList<NameRow> names,
        CancellationToken cancellationToken)
    {
        await using (var delete = connection.CreateCommand(MetadataSqlText.DeleteNames, ("id", conversationId)))
        {
            delete.Transaction = transaction;
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (names.Count == 0)
        {
            return;
        }

        await using var insert = connection.CreateCommand(MetadataSqlText.InsertName, ("kind", (short)0), ("name", string.Empty), ("id", conversationId));
        insert.Transaction = transaction;
        await insert.PrepareAsync(cancellationToken).ConfigureAwait(false);
        foreach (var name in names)
        {
            insert.Parameters[0].Value = name.Kind;
            insert.Parameters[1].Value = name.Name;
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<bool> UpsertAsync(
        DbConnection connection,
        DbTransaction transaction,
        ConversationMetadata m,
        long conversationId,
        long revision,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand(
            MetadataSqlText.Upsert,
            ("id", conversationId),
            ("sender", m.SenderId),
            ("revision", revision),
            ("eventCount", m.EventCount),
            ("latest", m.LatestEventTime),
            ("latestUser", m.LatestUserEventTime),
            ("first", m.FirstEventTime),
            ("channel", m.LatestInputChannel),
            ("assistant", m.AssistantId),
            ("minAction", m.MinimumActionConfidence),
            ("maxAction", m.MaximumActionConfidence),
            ("minIntent", m.MinimumIntentConfidence),
            ("maxIntent", m.MaximumIntentConfidence),
            ("inTraining", m.InTrainingData),
            ("userMessages", m.UserMessageCount),
            ("botMessages", m.BotMessageCount),
            ("intents", JsonSerializer.Serialize(m.Intents)),
            ("entities", JsonSerializer.Serialize(m.Entities)),
            ("actions", JsonSerializer.Serialize(m.Actions)),
            ("policies", JsonSerializer.Serialize(m.Policies)));
        command.Transaction = transaction;
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    private static List<NameRow> Names(ConversationMetadata m) =>
    [
        .. m.Intents.Select(n => new NameRow((short)NameKind.Intent, n)),
        .. m.Entities.Select(n => new NameRow((short)NameKind.Entity, n)),
        .. m.Actions.Select(n => new NameRow((short)NameKind.Action, n)),
        .. m.Policies.Select(n => new NameRow((short)NameKind.Policy, n)),
    ];

    private static ConversationMetadata Read(DbDataReader r) => new()
    {
        SenderId = r.GetString(0),
        EventCount = r.GetInt64(1),
        LatestEventTime = Double(r, 2),
        LatestUserEventTime = Double(r, 3),
        FirstEventTime = Double(r, 4),
        LatestInputChannel = r.IsDBNull(5) ? null : r.GetString(5),
        AssistantId = r.IsDBNull(6) ? null : r.GetString(6),
        MinimumActionConfidence = Double(r, 7),
        MaximumActionConfidence = Double(r, 8),
        MinimumIntentConfidence = Double(r, 9),
        MaximumIntentConfidence = Double(r, 10),
        InTrainingData = r.GetBoolean(11),
        UserMessageCount = r.GetInt32(12),
        BotMessageCount = r.GetInt32(13),
        Intents = List(r, 14),
        Entities = List(r, 15),
        Actions = List(r, 16),
        Policies = List(r, 17),
    };

    private static double? Double(DbDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetDouble(column);

    private static string[] List(DbDataReader reader, int column) => JsonSerializer.Deserialize<string[]>(reader.GetString(column)) ?? [];
}
