using System.Data.Common;
using System.Globalization;
using NodaTime;
using RasaPlatform.Core.Listing;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Storage.Sql;

/// <summary>
/// The listing feed over <c>conversation_metadata</c>, <c>conversation_names</c>, <c>message_flags</c> and the
/// <c>listing_changes</c> record its triggers keep (migration 019); dialects say what a position is.
/// </summary>
public abstract class SqlListingFeed : IListingFeed
{
    private static readonly string RowColumns = $"""
        m.conversation_id, m.latest_event_time, m.latest_user_event_time, m.minimum_action_confidence,
        m.minimum_intent_confidence, m.n_user_messages, m.latest_input_channel, m.assistant_id, m.in_training_data,
        EXISTS (SELECT 1 FROM message_flags f WHERE f.conversation_id = m.conversation_id), {ListingMarkSql.AllMarks}
        """;

    /// <summary>The kinds of names the index keeps a bit set per name of: the name lists, slot names and markers.</summary>
    private static readonly string IndexedNameKinds = string.Join(
        ", ",
        new[] { NameCategory.Intent, NameCategory.Entity, NameCategory.Action, NameCategory.Policy, NameCategory.SlotName, NameCategory.Marker }
            .Select(k => ((short)k).ToString(CultureInfo.InvariantCulture)));

    /// <summary>The slot values to match of every conversation, before any condition on the conversation.</summary>
    private static readonly string SlotMatchRows =
        $"SELECT n.conversation_id, n.name FROM conversation_names n WHERE n.kind = {(short)NameCategory.SlotMatch}";

    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Opens a connection for reading the whole store once (<see cref="ReadAllAsync"/>): by default as
    /// <see cref="OpenConnectionAsync"/>; an engine that caches pages per connection gives one that caches few.
    /// </summary>
    protected virtual ValueTask<DbConnection> OpenForScanAsync(CancellationToken cancellationToken) => OpenConnectionAsync(cancellationToken);

    /// <summary>A read-only transaction in which every statement sees one snapshot.</summary>
    protected abstract ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// An expression for the position of the statement's snapshot: changes after it are read from it. Later reads
    /// start from it.
    /// </summary>
    protected abstract string PositionExpression { get; }

    /// <summary>
    /// A condition on <c>listing_changes c</c> that admits every change after position <paramref name="previous"/>
    /// and may admit changes read before; the position written as a literal, so that the planner estimates the range
    /// from the index rather than guessing a third of the table.
    /// </summary>
    protected abstract string ChangedSince(long previous);

    /// <summary><c>t.text</c> of <c>conversation_text t</c> as its UTF-8 bytes.</summary>
    protected abstract string TextBytes { get; }

    /// <summary>The database's current time in Unix milliseconds, as the triggers stamp changes.</summary>
    protected abstract string NowMilliseconds { get; }

    /// <inheritdoc />
    public async Task<ListingPosition> ReadAllAsync(IListingSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        await using var connection = await OpenForScanAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginSnapshotAsync(connection, cancellationToken).ConfigureAwait(false);
        long position;
        await using (var command = connection.CreateCommand(transaction, $"SELECT {PositionExpression}"))
        {
            // The snapshot's first statement: every row read below is as of this position.
            position = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }
        await using (var rows = connection.CreateCommand(transaction, $"SELECT {RowColumns} FROM conversation_metadata m"))
        await using (var reader = await rows.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await ReadRowsAsync(reader, sink, null, cancellationToken).ConfigureAwait(false);
        }


        // Name by name, so that each name is one string and only ids are read per row.
        var names = new List<(NameCategory Category, string Name)>();
        await using (var distinct = connection.CreateCommand(transaction, $"SELECT DISTINCT kind, name FROM name_counts WHERE conversations > 0 AND kind IN ({IndexedNameKinds})"))
        await using (var reader = await distinct.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                names.Add(((NameCategory)reader.GetInt16(0), reader.GetString(1)));
            }
        }

        foreach (var (category, name) in names)
        {
            await using var ids = connection.CreateCommand(
                transaction,
                "SELECT conversation_id FROM conversation_names WHERE kind = @kind AND name = @name",
                ("@kind", (short)category),
                ("@name", name));
            await using var reader = await ids.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                sink.AddName(reader.GetInt64(0), category, name);
            }
        }

        await using (var texts = connection.CreateCommand(transaction, $"SELECT t.conversation_id, {TextBytes} FROM conversation_text t"))
        await using (var reader = await texts.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await ReadTextsAsync(reader, sink, cancellationToken).ConfigureAwait(false);
        }

        await using (var slots = connection.CreateCommand(transaction, $"{SlotMatchRows} ORDER BY n.conversation_id"))
        await using (var reader = await slots.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await ReadSlotMatchesAsync(reader, sink, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ListingPosition(position);
    }

    /// <inheritdoc />
    public async Task<ListingPosition> ReadChangesAsync(ListingPosition position, IListingSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginSnapshotAsync(connection, cancellationToken).ConfigureAwait(false);

        // The position and the ids changed since the last one in one statement, so in one snapshot and one round trip;
        // then the rows of those ids by key. Joined to the rows in one statement, PostgreSQL's generic plan guessed a
        // third of the change record for the range and hashed the whole metadata table on every read.
        var to = position.Value;
        var ids = new List<long>();
        await using (var changed = connection.CreateCommand(
            transaction,
            $"""
            SELECT p.position, c.conversation_id
            FROM (SELECT {PositionExpression} AS position) p
            LEFT JOIN (SELECT DISTINCT c.conversation_id FROM listing_changes c WHERE {ChangedSince(position.Value)}) c ON 1 = 1
            """))
        await using (var reader = await changed.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                to = reader.GetInt64(0);
                if (!reader.IsDBNull(1))
                {
                    ids.Add(reader.GetInt64(1));
                }
            }
        }

        // Rows, names and texts of a thousand ids at a time, in one batch: one round trip per chunk.
        var found = new HashSet<long>();
        foreach (var chunk in ids.Chunk(1000))
        {
            var list = string.Join(", ", chunk.Select(id => id.ToString(CultureInfo.InvariantCulture)));
            await using var command = connection.CreateCommand(
                transaction,
                $"""
                SELECT {RowColumns} FROM conversation_metadata m WHERE m.conversation_id IN ({list});
                SELECT n.conversation_id, n.kind, n.name FROM conversation_names n WHERE n.kind IN ({IndexedNameKinds}) AND n.conversation_id IN ({list});
                SELECT t.conversation_id, {TextBytes} FROM conversation_text t WHERE t.conversation_id IN ({list});
                {SlotMatchRows} AND n.conversation_id IN ({list}) ORDER BY n.conversation_id
                """);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await ReadRowsAsync(reader, sink, found, cancellationToken).ConfigureAwait(false);
            foreach (var id in chunk.Where(id => !found.Contains(id)))
            {
                sink.Remove(id);
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                sink.AddName(reader.GetInt64(0), (NameCategory)reader.GetInt16(1), reader.GetString(2));
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            await ReadTextsAsync(reader, sink, cancellationToken).ConfigureAwait(false);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            await ReadSlotMatchesAsync(reader, sink, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ListingPosition(to);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ListedConversation>> ItemsAsync(IReadOnlyList<long> conversationIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversationIds);
        if (conversationIds.Count == 0)
        {
            return [];
        }

        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginSnapshotAsync(connection, cancellationToken).ConfigureAwait(false);
        var items = await ListedItems.OfIdsAsync(connection, transaction, conversationIds, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return items;
    }

    /// <inheritdoc />
    public async Task PruneAsync(Duration age, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(age, Duration.Zero);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var prune = connection.CreateCommand(
            $"DELETE FROM listing_changes WHERE changed_at_ms < {NowMilliseconds} - @age",
            ("@age", (long)age.TotalMilliseconds));
        await prune.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ReadRowsAsync(DbDataReader reader, IListingSink sink, HashSet<long>? found, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            found?.Add(reader.GetInt64(0));
            sink.Upsert(new ListingRow(
                reader.GetInt64(0),
                Double(reader, 1),
                Double(reader, 2),
                Double(reader, 3),
                Double(reader, 4),
                reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.GetBoolean(8),
                reader.GetBoolean(9),
                (ListingMarks)Convert.ToUInt16(reader.GetValue(10), CultureInfo.InvariantCulture)));
        }
    }

    private static async Task ReadTextsAsync(DbDataReader reader, IListingSink sink, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            sink.SetText(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1));
        }
    }

    /// <summary>Gives each conversation its slot values to match, from rows ordered by conversation.</summary>
    private static async Task ReadSlotMatchesAsync(DbDataReader reader, IListingSink sink, CancellationToken cancellationToken)
    {
        long? current = null;
        var keys = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = reader.GetInt64(0);
            if (current is { } previous && previous != id)
            {
                sink.SetSlotMatches(previous, SlotMatches.Encode(keys));
                keys.Clear();
            }

            current = id;
            keys.Add(reader.GetString(1));
        }

        if (current is { } last)
        {
            sink.SetSlotMatches(last, SlotMatches.Encode(keys));
        }
    }

    private static double? Double(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);
}
