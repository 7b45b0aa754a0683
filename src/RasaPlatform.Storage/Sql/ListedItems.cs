using System.Data.Common;
using System.Globalization;
using System.Text;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Listing;
using RasaPlatform.Core.Metadata;
using RasaPlatform.Core.Reviews;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Storage.Sql;

/// <summary>
/// Turns metadata rows into listing items: the metadata, with each conversation's message timestamps (flagged and not),
/// its intent corrections and its tags, read live for the page's conversations only.
/// </summary>
internal static class ListedItems
{
    /// <summary>The items of <paramref name="rows"/>, in their order.</summary>
    public static async Task<List<ListedConversation>> OfRowsAsync(
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyList<(long Id, ConversationMetadata Metadata)> rows,
        CancellationToken cancellationToken)
    {
        var messages = await MessagesAsync(connection, transaction, [.. rows.Select(r => r.Id)], cancellationToken).ConfigureAwait(false);
        var tags = await ConversationTagRows.OfConversationsAsync(connection, transaction, [.. rows.Select(r => r.Id)], cancellationToken).ConfigureAwait(false);
        var reviews = await ConversationReviewRows.OfConversationsAsync(connection, transaction, [.. rows.Select(r => r.Id)], cancellationToken).ConfigureAwait(false);
        var corrections = await CorrectionsAsync(connection, transaction, [.. rows.Select(r => r.Id)], cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r =>
        {
            var (flagged, unflagged) = messages.TryGetValue(r.Id, out var m) ? m.Split() : ([], []);
            return new ListedConversation(r.Metadata, flagged, unflagged)
            {
                Tags = tags.TryGetValue(r.Id, out var t) ? t : [],
                ReviewStatus = reviews.GetValueOrDefault(r.Id, ReviewStatus.Unread),
                CorrectedMessages = corrections.TryGetValue(r.Id, out var c) ? c : [],
            };
        })];
    }

    /// <summary>The items of the conversations with these ids, in the order given; ids without metadata are left out.</summary>
    public static async Task<List<ListedConversation>> OfIdsAsync(
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyList<long> ids,
        CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var found = new Dictionary<long, ConversationMetadata>(ids.Count);
        var idList = string.Join(", ", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)));
        var sql = $"SELECT m.conversation_id, {SqlMetadataStore.MetadataColumns("NULL")} FROM conversation_metadata m WHERE m.conversation_id IN ({idList})";
        await using (var command = connection.CreateCommand(transaction, sql))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                found[reader.GetInt64(0)] = SqlMetadataStore.ReadMetadata(reader, 1);
            }
        }

        var rows = ids.Where(found.ContainsKey).Select(id => (id, found[id])).ToList();
        return await OfRowsAsync(connection, transaction, rows, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Each listed conversation's distinct message timestamps, and which of them are flagged.</summary>
    private static async Task<Dictionary<long, Messages>> MessagesAsync(
        DbConnection connection,
        DbTransaction transaction,
        List<long> ids,
        CancellationToken cancellationToken)
    {
        var result = new Dictionary<long, Messages>();
        if (ids.Count == 0)
        {
            return result;
        }

        var idList = string.Join(", ", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)));
        var sql = new StringBuilder()
            .Append("SELECT conversation_id, timestamp, 0 FROM events WHERE conversation_id IN (").Append(idList)
            .Append(") AND type IN ('").Append(EventTypes.User).Append("', '").Append(EventTypes.Bot).Append("', '").Append(EventTypes.Agent).Append("')")
            .Append(" UNION ALL SELECT conversation_id, timestamp, 1 FROM message_flags WHERE conversation_id IN (").Append(idList).Append(')')
            .ToString();
        await using var command = connection.CreateCommand(transaction, sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = reader.GetInt64(0);
            if (!result.TryGetValue(id, out var messages))
            {
                result[id] = messages = new Messages();
            }

            (reader.GetInt32(2) == 1 ? messages.Flagged : messages.All).Add(reader.GetDouble(1));
        }

        return result;
    }

    /// <summary>Each listed conversation's intent corrections, by ascending timestamp.</summary>
    private static Task<Dictionary<long, List<IntentCorrection>>> CorrectionsAsync(
        DbConnection connection,
        DbTransaction transaction,
        List<long> ids,
        CancellationToken cancellationToken) =>
        ConversationRows.GroupedAsync(
            connection,
            transaction,
            ids,
            list => $"""
                SELECT conversation_id, message_timestamp, intent FROM intent_corrections
                WHERE conversation_id IN ({list})
                ORDER BY conversation_id, message_timestamp
                """,
            reader => new IntentCorrection(reader.GetDouble(1), reader.GetString(2)),
            cancellationToken);

    private sealed class Messages
    {
        public SortedSet<double> All { get; } = [];

        public SortedSet<double> Flagged { get; } = [];

        public (IReadOnlyList<double> Flagged, IReadOnlyList<double> Unflagged) Split()
        {
            // A flag whose message is gone (a replaced tracker) is not shown.
            var flagged = Flagged.Where(All.Contains).ToList();
            var unflagged = All.Where(t => !Flagged.Contains(t)).ToList();
            return (flagged, unflagged);
        }
    }
}
