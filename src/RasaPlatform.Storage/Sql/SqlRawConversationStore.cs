using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using RasaPlatform.Core.RawConversations;
using RasaPlatform.Core.Storage;
using RasaPlatform.Core.Tags;

namespace RasaPlatform.Storage.Sql;

/// <summary>The raw export over <c>conversation_metadata</c> and <c>events</c>: one snapshot per page, streamed.</summary>
/// <remarks>
/// <para>
/// The page's conversations are chosen from the metadata by assistant, times and tags, in id order (the order they
/// were first stored; the assistant's index serves it); their tags and then their events are read in the same
/// transaction, the events by one query in (conversation, arrival) order, yielded as they are read.
/// </para>
/// <para>
/// Time bounds use the folded first and latest event times: a conversation has an event in [from, to) when its
/// latest event is at or after from and its first before to, and then for certain unless it began before from and
/// went on past to, the one case whose events are looked at.
/// </para>
/// </remarks>
public abstract class SqlRawConversationStore : IRawConversationStore
{
    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>A transaction in which the count, the page and its events see the same data.</summary>
    protected abstract ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<RawConversationPart> ReadAsync(
        RawConversationQuery query,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginSnapshotAsync(connection, cancellationToken).ConfigureAwait(false);
        var (where, parameters) = Where(query);
        var page = new List<(long Id, string SenderId)>();
        await using (var command = connection.CreateCommand(
            transaction,
            $"SELECT m.conversation_id, m.sender_id FROM conversation_metadata m{where}\nORDER BY m.conversation_id LIMIT @limit OFFSET @offset",
            [.. parameters, ("limit", query.Limit), ("offset", query.Offset)]))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                page.Add((reader.GetInt64(0), reader.GetString(1)));
            }
        }

        // A short page that is not past the end proves the total, as in the listing.
        if (page.Count < query.Limit && (page.Count > 0 || query.Offset == 0))
        {
            yield return new RawConversationCount(query.Offset + page.Count);
        }
        else
        {
            await using var count = connection.CreateCommand(transaction, $"SELECT COUNT(*) FROM conversation_metadata m{where}", parameters);
            yield return new RawConversationCount(Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture));
        }

        if (page.Count == 0)
        {
            yield break;
        }

        var tags = await ConversationTagRows.OfConversationsAsync(connection, transaction, [.. page.Select(p => p.Id)], cancellationToken).ConfigureAwait(false);
        var reviews = await ConversationReviewRows.OfConversationsAsync(connection, transaction, [.. page.Select(p => p.Id)], cancellationToken).ConfigureAwait(false);
        RawConversationStart Start(int index) => new(
            page[index].SenderId,
            tags.TryGetValue(page[index].Id, out var t) ? t : (IReadOnlyList<ConversationTag>)[],
            reviews.GetValueOrDefault(page[index].Id, Core.Reviews.ReviewStatus.Unread));

        var ids = string.Join(", ", page.Select(p => p.Id.ToString(CultureInfo.InvariantCulture)));
        var next = 0;
        await using (var events = connection.CreateCommand(
            transaction,
            $"SELECT conversation_id, data FROM events WHERE conversation_id IN ({ids}) ORDER BY conversation_id, seq"))
        await using (var reader = await events.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var id = reader.GetInt64(0);
                while (next < page.Count && page[next].Id <= id)
                {
                    yield return Start(next++);
                }

                yield return new RawConversationEvent(reader.GetString(1));
            }
        }

        // Conversations after the last one with events have none (a tracker replaced by an empty list).
        while (next < page.Count)
        {
            yield return Start(next++);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The WHERE clause (starting with a line break) over <c>conversation_metadata m</c>, and its parameters.</summary>
    private static (string Sql, List<(string Name, object? Value)> Parameters) Where(RawConversationQuery query)
    {
        var conditions = new List<string> { "m.assistant_id = @assistant" };
        var parameters = new List<(string Name, object? Value)> { ("assistant", query.Assistant) };
        if (query.From is { } from)
        {
            conditions.Add("m.latest_event_time >= @from");
            parameters.Add(("from", from));
        }

        if (query.To is { } to)
        {
            conditions.Add("m.first_event_time < @to");
            parameters.Add(("to", to));
        }

        if (query.From is not null && query.To is not null)
        {
            conditions.Add("""
                (m.latest_event_time < @to OR m.first_event_time >= @from
                   OR EXISTS (SELECT 1 FROM events e WHERE e.conversation_id = m.conversation_id AND e.timestamp >= @from AND e.timestamp < @to))
                """);
        }

        if (query.TagNames.Count > 0)
        {
            var names = string.Join(", ", query.TagNames.Select((name, i) =>
            {
                parameters.Add(("t" + i.ToString(CultureInfo.InvariantCulture), name));
                return "@t" + i.ToString(CultureInfo.InvariantCulture);
            }));
            conditions.Add($"""
                m.conversation_id IN (
                    SELECT l.conversation_id FROM tags t JOIN conversation_tags l ON l.tag_id = t.id
                    WHERE t.assistant = @assistant AND t.name IN ({names}))
                """);
        }

        return ("\nWHERE " + string.Join("\n  AND ", conditions), parameters);
    }
}
