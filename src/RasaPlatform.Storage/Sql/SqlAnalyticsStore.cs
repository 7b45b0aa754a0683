using System.Data.Common;
using System.Globalization;
using NodaTime;
using RasaPlatform.Core.Analytics;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Listing;
using RasaPlatform.Core.Queries;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Storage.Sql;

/// <summary>The analytics port over the bucket sums of migration 008: shared SQL, dialects give connections.</summary>
/// <remarks>
/// <para>
/// A bucket wholly inside one bin (or inside the statistics bounds) is read from the sums. A bucket that a bin edge or
/// a bound cuts is read raw: the events of the conversations active in it are folded by the Core's own builders and
/// only their facts inside the bucket are taken. So every answer is the fold of the events, and the raw work is
/// bounded by the number of cut buckets, not by the range.
/// </para>
/// <para>
/// Distinct conversations of a bin: the sums count a conversation at the first of the bin's whole buckets it is active
/// in (its previous active bucket lies before them); a conversation active in a cut part is added when it is active in
/// none of the bin's whole buckets.
/// </para>
/// </remarks>
public abstract partial class SqlAnalyticsStore : IAnalyticsStore
{
    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>A read-only transaction in which every query sees the same data.</summary>
    protected abstract ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <inheritdoc />
    public async Task<(Instant First, Instant Last)?> UserMessageRangeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // Two scalar subqueries: each MIN or MAX alone is one end of its index.
        await using var command = connection.CreateCommand("""
            SELECT (SELECT MIN(first_ticks) FROM conversation_user_range), (SELECT MAX(last_ticks) FROM conversation_user_range)
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && !reader.IsDBNull(0)
            ? (Instant.FromUnixTimeTicks(reader.GetInt64(0)), Instant.FromUnixTimeTicks(reader.GetInt64(1)))
            : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AnalyticsSums>> SumAsync(AnalyticsBins bins, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bins);
        var sums = new AnalyticsSums[bins.Count];
        var cut = CutBuckets(bins);
        var (low, high) = (AnalyticsBucket.Of(bins.Start), CeilingBucket(bins.End));
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginSnapshotAsync(connection, cancellationToken).ConfigureAwait(false);
        await using (var command = connection.CreateCommand(transaction, """
            SELECT bucket, user_messages, bot_messages, sessions, first_sessions, session_length_ticks, session_user_messages
            FROM analytics_buckets WHERE bucket >= @low AND bucket < @high
            """, ("low", low), ("high", high)))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var bucket = reader.GetInt64(0);
                if (!cut.Contains(bucket) && bins.IndexOf(AnalyticsBucket.StartOf(bucket)) is var i and >= 0)
                {
                    var s = sums[i];
                    sums[i] = s with
                    {
                        UserMessages = s.UserMessages + reader.GetInt64(1),
                        BotMessages = s.BotMessages + reader.GetInt64(2),
                        Sessions = s.Sessions + reader.GetInt64(3),
                        FirstSessions = s.FirstSessions + reader.GetInt64(4),
                        SessionLength = s.SessionLength + Duration.FromTicks(reader.GetInt64(5)),
                        SessionUserMessages = s.SessionUserMessages + reader.GetInt64(6),
                    };
                }
            }
        }

        await using (var command = connection.CreateCommand(transaction, """
            SELECT bucket, previous_bucket, conversations FROM analytics_active
            WHERE bucket >= @low AND bucket < @high AND conversations <> 0
            """, ("low", low), ("high", high)))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var bucket = reader.GetInt64(0);
                if (!cut.Contains(bucket) && bins.IndexOf(AnalyticsBucket.StartOf(bucket)) is var i and >= 0
                    && reader.GetInt64(1) < FirstWholeBucket(bins[i]))
                {
                    sums[i] = sums[i] with { ActiveConversations = sums[i].ActiveConversations + reader.GetInt64(2) };
                }
            }
        }

        if (cut.Count > 0)
        {
            var ids = await ConversationsInAsync(connection, transaction, cut, "conversation_buckets", cancellationToken).ConfigureAwait(false);
            await foreach (var (senderId, events) in EventsAsync(connection, transaction, ids, cancellationToken).ConfigureAwait(false))
            {
                AddCutParts(sums, bins, cut, ConversationActivity.FromEvents(senderId, events));
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return sums;
    }

    /// <inheritdoc />
    public async Task<ConversationStatistics> StatisticsAsync(Instant? start, Instant? until, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);

        // Whole buckets [first, end): from the first bucket starting at or after start, to the one holding until, which
        // is cut (until is inclusive). Open bounds reach every bucket.
        var first = start is { } s ? (AnalyticsBucket.IsEdge(s) ? AnalyticsBucket.Of(s) : AnalyticsBucket.Of(s) + 1) : long.MinValue;
        var end = until is { } u ? AnalyticsBucket.Of(u) : long.MaxValue;
        var cut = new HashSet<long>();
        if (start is { } cs && !AnalyticsBucket.IsEdge(cs))
        {
            cut.Add(AnalyticsBucket.Of(cs));
        }

        if (until is { } cu && (start is not { } ss || cu >= ss))
        {
            cut.Add(AnalyticsBucket.Of(cu));
        }

        var counts = Enumerable.Range(0, 5).Select(_ => new Dictionary<string, long>(StringComparer.Ordinal)).ToArray();
        long userMessages = 0, botMessages = 0;
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginSnapshotAsync(connection, cancellationToken).ConfigureAwait(false);
        if (first < end)
        {
            var whole = start is null && until is null;
            await using (var command = connection.CreateCommand(
                transaction,
                whole
                    ? "SELECT kind, name, count FROM statistics_totals WHERE count <> 0"
                    : "SELECT kind, name, SUM(count) FROM statistics_names WHERE bucket >= @first AND bucket < @end GROUP BY kind, name",
                ("first", first),
                ("end", end)))
            {
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var count = Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture);
                    if (count != 0)
                    {
                        counts[Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture)][reader.GetString(1)] = count;
                    }
                }
            }

            await using (var command = connection.CreateCommand(
                transaction,
                "SELECT COALESCE(SUM(user_messages), 0), COALESCE(SUM(bot_messages), 0) FROM analytics_buckets WHERE bucket >= @first AND bucket < @end",
                ("first", first),
                ("end", end)))
            {
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                userMessages = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
                botMessages = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
            }
        }

        if (cut.Count > 0)
        {
            var ids = await ConversationsInAsync(connection, transaction, cut, "conversation_buckets", cancellationToken).ConfigureAwait(false);
            ids.UnionWith(await ConversationsInAsync(connection, transaction, cut, "conversation_bucket_names", cancellationToken).ConfigureAwait(false));
            var raw = new StatisticsBuilder(start, until);
            await foreach (var (_, events) in EventsAsync(connection, transaction, ids, cancellationToken).ConfigureAwait(false))
            {
                foreach (var e in events.Where(e => cut.Contains(AnalyticsBucket.Of(TimeArgument.FromUnixSeconds("timestamp", e.Timestamp)))))
                {
                    raw.Add(e);
                }
            }

            var cutStatistics = raw.Build(int.MaxValue);
            userMessages += cutStatistics.UserMessages;
            botMessages += cutStatistics.BotMessages;
            Merge(counts[(int)NameCategory.Intent], cutStatistics.TopIntents);
            Merge(counts[(int)NameCategory.Entity], cutStatistics.TopEntities);
            Merge(counts[(int)NameCategory.Action], cutStatistics.TopActions);
            Merge(counts[(int)NameCategory.Policy], cutStatistics.TopPolicies);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ConversationStatistics(
            userMessages,
            botMessages,
            NameCount.Top(counts[(int)NameCategory.Intent], limit),
            NameCount.Top(counts[(int)NameCategory.Entity], limit),
            NameCount.Top(counts[(int)NameCategory.Action], limit),
            NameCount.Top(counts[(int)NameCategory.Policy], limit));
    }

    /// <summary>The buckets holding a bin edge that is not a bucket edge.</summary>
    private static HashSet<long> CutBuckets(AnalyticsBins bins) =>
        [.. bins.Select(b => b.Start).Append(bins.End).Where(e => !AnalyticsBucket.IsEdge(e)).Select(AnalyticsBucket.Of)];

    /// <summary>The first bucket wholly inside <paramref name="bin"/>.</summary>
    private static long FirstWholeBucket(AnalyticsBin bin) =>
        AnalyticsBucket.IsEdge(bin.Start) ? AnalyticsBucket.Of(bin.Start) : AnalyticsBucket.Of(bin.Start) + 1;

    /// <summary>The first bucket starting at or after <paramref name="instant"/>.</summary>
    private static long CeilingBucket(Instant instant) =>
        AnalyticsBucket.IsEdge(instant) ? AnalyticsBucket.Of(instant) : AnalyticsBucket.Of(instant) + 1;
}
