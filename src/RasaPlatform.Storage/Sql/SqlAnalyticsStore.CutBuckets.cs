using System.Data.Common;
using System.Globalization;
using NodaTime;
using RasaPlatform.Core.Analytics;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Storage.Sql;

/// <summary>The raw side: folding the events of the conversations active in cut buckets.</summary>
public abstract partial class SqlAnalyticsStore
{
    /// <summary>Adds one conversation's facts that fall in cut buckets, as <see cref="AnalyticsCalculator"/> would.</summary>
    private static void AddCutParts(AnalyticsSums[] sums, AnalyticsBins bins, HashSet<long> cut, ConversationActivity activity)
    {
        var activeInCut = new HashSet<int>();
        var activeWhole = new HashSet<int>();
        void Active(Instant time, int bin)
        {
            _ = cut.Contains(AnalyticsBucket.Of(time)) ? activeInCut.Add(bin) : activeWhole.Add(bin);
        }

        foreach (var message in activity.Messages)
        {
            if (bins.IndexOf(message.Time) is var i and >= 0)
            {
                Active(message.Time, i);
                if (cut.Contains(AnalyticsBucket.Of(message.Time)))
                {
                    sums[i] = sums[i] with
                    {
                        UserMessages = sums[i].UserMessages + (message.IsUser ? 1 : 0),
                        BotMessages = sums[i].BotMessages + (message.IsUser ? 0 : 1),
                    };
                }
            }
        }

        foreach (var session in activity.Sessions)
        {
            if (bins.IndexOf(session.Start) is var i and >= 0)
            {
                Active(session.Start, i);
                if (cut.Contains(AnalyticsBucket.Of(session.Start)))
                {
                    sums[i] = sums[i] with
                    {
                        Sessions = sums[i].Sessions + 1,
                        FirstSessions = sums[i].FirstSessions + (session.IsFirst ? 1 : 0),
                        SessionLength = sums[i].SessionLength + session.Length,
                        SessionUserMessages = sums[i].SessionUserMessages + session.UserMessages,
                    };
                }
            }
        }

        // The sums counted this conversation in every bin where it is active in a whole bucket.
        foreach (var bin in activeInCut.Where(b => !activeWhole.Contains(b)))
        {
            sums[bin] = sums[bin] with { ActiveConversations = sums[bin].ActiveConversations + 1 };
        }
    }

    private static void Merge(Dictionary<string, long> counts, IReadOnlyList<NameCount> more)
    {
        foreach (var n in more)
        {
            counts[n.Name] = counts.GetValueOrDefault(n.Name) + n.Count;
        }
    }

    private static async Task<HashSet<long>> ConversationsInAsync(
        DbConnection connection,
        DbTransaction transaction,
        HashSet<long> buckets,
        string table,
        IReadOnlyCollection<string>? assistants,
        CancellationToken cancellationToken)
    {
        var list = string.Join(", ", buckets.Select(b => b.ToString(CultureInfo.InvariantCulture)));
        var (byAssistant, parameters) = AnalyticsUnits.AssistantCondition(assistants);
        await using var command = connection.CreateCommand(transaction, $"SELECT DISTINCT conversation_id FROM {table} WHERE bucket IN ({list}){byAssistant}", parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var ids = new HashSet<long>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    /// <summary>Each conversation's sender id and events in arrival order, one conversation at a time.</summary>
    private static async IAsyncEnumerable<(string SenderId, List<StoredEvent> Events)> EventsAsync(
        DbConnection connection,
        DbTransaction transaction,
        HashSet<long> ids,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var chunk in ids.Order().Chunk(500))
        {
            var list = string.Join(", ", chunk.Select(i => i.ToString(CultureInfo.InvariantCulture)));
            await using var command = connection.CreateCommand(transaction, $"""
                SELECT e.conversation_id, c.sender_id, e.seq, e.type, e.timestamp, e.data, e.name
                FROM events e JOIN conversations c ON c.id = e.conversation_id
                WHERE e.conversation_id IN ({list})
                ORDER BY e.conversation_id, e.seq
                """);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            long? current = null;
            var sender = string.Empty;
            var events = new List<StoredEvent>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var id = reader.GetInt64(0);
                if (current != id)
                {
                    if (current is not null)
                    {
                        yield return (sender, events);
                    }

                    (current, sender, events) = (id, reader.GetString(1), []);
                }

                events.Add(new StoredEvent(reader.GetInt64(2), reader.GetString(3), reader.GetDouble(4), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
            }

            if (current is not null)
            {
                yield return (sender, events);
            }
        }
    }
}
