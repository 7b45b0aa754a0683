using System.Data.Common;
using System.Globalization;
using NodaTime;
using RasaPlatform.Core.Analytics;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Listing;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Storage.Sql;

/// <summary>The analytics port over the sums of migration 015: shared SQL, dialects give connections.</summary>
/// <remarks>
/// <para>
/// The buckets wholly inside one bin (or inside the statistics bounds) are read from the sums, covered by the fewest
/// whole days, hours and quarter hours (<see cref="AnalyticsUnits"/>). A bucket that a bin edge or
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
    public async Task<(Instant First, Instant Last)?> UserMessageRangeAsync(IReadOnlyCollection<string>? assistants, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        long? first = null, last = null;

        // Scalar subqueries per assistant: each MIN or MAX alone is one end of an index range.
        foreach (var assistant in assistants?.Distinct(StringComparer.Ordinal).Select(a => (string?)a) ?? [null])
        {
            var where = assistant is null ? string.Empty : " WHERE assistant = @assistant";
            await using var command = connection.CreateCommand(
                $"SELECT (SELECT MIN(first_ticks) FROM conversation_user_range{where}), (SELECT MAX(last_ticks) FROM conversation_user_range{where})",
                assistant is null ? [] : [("assistant", assistant)]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && !reader.IsDBNull(0))
            {
                first = Math.Min(first ?? long.MaxValue, reader.GetInt64(0));
                last = Math.Max(last ?? long.MinValue, reader.GetInt64(1));
            }
        }

        return first is { } f && last is { } l ? (Instant.FromUnixTimeTicks(f), Instant.FromUnixTimeTicks(l)) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AnalyticsSums>> SumAsync(AnalyticsBins bins, IReadOnlyCollection<string>? assistants, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bins);
        var sums = new AnalyticsSums[bins.Count];
        var cut = CutBuckets(bins);

        // Each bin's whole buckets, covered by the fewest units; a unit belongs to exactly one bin.
        var units = new Dictionary<(long Grain, long Bucket), int>();
        for (var i = 0; i < bins.Count; i++)
        {
            foreach (var unit in AnalyticsUnits.Cover(FirstWholeBucket(bins[i]), AnalyticsBucket.Of(bins[i].End)))
            {
                units[unit] = i;
            }
        }

        var (byAssistant, parameters) = AnalyticsUnits.AssistantCondition(assistants);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginSnapshotAsync(connection, cancellationToken).ConfigureAwait(false);
        foreach (var grain in units.Keys.GroupBy(u => u.Grain, u => u.Bucket))
        {
            var where = AnalyticsUnits.Condition(grain.Key, grain) + byAssistant;
            await using (var command = connection.CreateCommand(transaction, $"""
                SELECT bucket, user_messages, bot_messages, sessions, first_sessions, session_length_ticks, session_user_messages
                FROM analytics_buckets WHERE {where}
                """, parameters))
            {
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (units.TryGetValue((grain.Key, reader.GetInt64(0)), out var i))
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

            // A conversation counts in the first unit of the bin it is active in. A bin's first unit counts every
            // conversation active in it; a later unit only those whose previous active quarter lies before the bin's
            // whole buckets, from the rows that name it.
            var leading = grain.Where(b => b == FirstWholeBucket(bins[units[(grain.Key, b)]])).ToHashSet();
            if (leading.Count > 0)
            {
                await using var command = connection.CreateCommand(transaction, $"""
                    SELECT bucket, conversations FROM analytics_active_units
                    WHERE {AnalyticsUnits.Condition(grain.Key, leading)}{byAssistant} AND conversations <> 0
                    """, parameters);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (leading.Contains(reader.GetInt64(0)))
                    {
                        var i = units[(grain.Key, reader.GetInt64(0))];
                        sums[i] = sums[i] with { ActiveConversations = sums[i].ActiveConversations + reader.GetInt64(1) };
                    }
                }
            }

            var later = grain.Where(b => !leading.Contains(b)).ToHashSet();
            if (later.Count > 0)
            {
                await using var command = connection.CreateCommand(transaction, $"""
                    SELECT bucket, previous_bucket, conversations FROM analytics_active
                    WHERE {AnalyticsUnits.Condition(grain.Key, later)}{byAssistant} AND conversations <> 0
                    """, parameters);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (later.Contains(reader.GetInt64(0)) && units[(grain.Key, reader.GetInt64(0))] is var i
                        && reader.GetInt64(1) < FirstWholeBucket(bins[i]))
                    {
                        sums[i] = sums[i] with { ActiveConversations = sums[i].ActiveConversations + reader.GetInt64(2) };
                    }
                }
            }
        }

        if (cut.Count > 0)
        {
            var ids = await ConversationsInAsync(connection, transaction, cut, "conversation_buckets", assistants, cancellationToken).ConfigureAwait(false);
            await foreach (var (senderId, events) in EventsAsync(connection, transaction, ids, cancellationToken).ConfigureAwait(false))
            {
                AddCutParts(sums, bins, cut, ConversationActivity.FromEvents(senderId, events));
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return sums;
    }

    /// <inheritdoc />
    public async Task<ConversationStatistics> StatisticsAsync(
        Instant? start,
        Instant? until,
        int limit,
        IReadOnlyCollection<string>? assistants,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);

        // Whole buckets [first, end): from the first bucket starting at or after start, to the one holding until, which
        // is cut (until is inclusive). An open bound reaches the stored buckets' end.
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
        var (byAssistant, parameters) = AnalyticsUnits.AssistantCondition(assistants);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginSnapshotAsync(connection, cancellationToken).ConfigureAwait(false);
        if (start is null && until is null)
        {
            await ReadNamesAsync(connection, transaction, $"SELECT kind, name, SUM(count) FROM statistics_totals WHERE count <> 0{byAssistant} GROUP BY kind, name", parameters, counts, cancellationToken).ConfigureAwait(false);
            (userMessages, botMessages) = await ReadMessagesAsync(connection, transaction, $"grain = {AnalyticsGrains.Day.Quarters}{byAssistant}", parameters, cancellationToken).ConfigureAwait(false);
        }
        else if (await StoredBucketsAsync(connection, transaction, cancellationToken).ConfigureAwait(false) is var (low, high))
        {
            var first = start is { } s ? (AnalyticsBucket.IsEdge(s) ? AnalyticsBucket.Of(s) : AnalyticsBucket.Of(s) + 1) : low;
            var end = until is { } u ? AnalyticsBucket.Of(u) : high;
            foreach (var grain in AnalyticsUnits.Cover(Math.Max(first, low), Math.Min(end, high)).GroupBy(u => u.Grain, u => u.Bucket))
            {
                var where = AnalyticsUnits.Condition(grain.Key, grain) + byAssistant;
                // Named events are summed at some grains only; the others' units come from their facts.
                var names = !AnalyticsGrains.Of(grain.Key).SumsNames
                    ? $"SELECT kind, name, SUM(count) FROM conversation_bucket_names WHERE {AnalyticsUnits.BucketCondition(1, grain)}{byAssistant} GROUP BY kind, name"
                    : $"SELECT kind, name, SUM(count) FROM statistics_names WHERE {where} GROUP BY kind, name";
                await ReadNamesAsync(connection, transaction, names, parameters, counts, cancellationToken).ConfigureAwait(false);
                var (user, bot) = await ReadMessagesAsync(connection, transaction, where, parameters, cancellationToken).ConfigureAwait(false);
                (userMessages, botMessages) = (userMessages + user, botMessages + bot);
            }
        }

        if (cut.Count > 0)
        {
            var ids = await ConversationsInAsync(connection, transaction, cut, "conversation_buckets", assistants, cancellationToken).ConfigureAwait(false);
            ids.UnionWith(await ConversationsInAsync(connection, transaction, cut, "conversation_bucket_names", assistants, cancellationToken).ConfigureAwait(false));
            var raw = new StatisticsBuilder(start, until);
            await foreach (var (_, events) in EventsAsync(connection, transaction, ids, cancellationToken).ConfigureAwait(false))
            {
                foreach (var e in events.Where(e => cut.Contains(AnalyticsBucket.Of(EventTimestamps.InstantOf(e.Timestamp)))))
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

    /// <summary>The quarters <c>[low, high)</c> any sum row lies in; null when nothing is stored.</summary>
    private static async Task<(long Low, long High)?> StoredBucketsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        // Messages and named events (actions need not be messages) have rows of their own: both tables bound the range.
        await using var command = connection.CreateCommand(transaction, """
            SELECT (SELECT MIN(bucket) FROM analytics_buckets WHERE grain = 1), (SELECT MAX(bucket) FROM analytics_buckets WHERE grain = 1),
                   (SELECT MIN(bucket) FROM conversation_bucket_names), (SELECT MAX(bucket) FROM conversation_bucket_names)
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        long? low = null, high = null;
        for (var i = 0; i < 4; i += 2)
        {
            if (!reader.IsDBNull(i))
            {
                low = Math.Min(low ?? long.MaxValue, reader.GetInt64(i));
                high = Math.Max(high ?? long.MinValue, reader.GetInt64(i + 1) + 1);
            }
        }

        return low is { } l && high is { } h ? (l, h) : null;
    }

    private static async Task ReadNamesAsync(
        DbConnection connection,
        DbTransaction transaction,
        string sql,
        (string Name, object? Value)[] parameters,
        Dictionary<string, long>[] counts,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand(transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var count = Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture);
            if (count != 0)
            {
                var names = counts[Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture)];
                names[reader.GetString(1)] = names.GetValueOrDefault(reader.GetString(1)) + count;
            }
        }
    }

    private static async Task<(long User, long Bot)> ReadMessagesAsync(
        DbConnection connection,
        DbTransaction transaction,
        string where,
        (string Name, object? Value)[] parameters,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand(
            transaction,
            $"SELECT COALESCE(SUM(user_messages), 0), COALESCE(SUM(bot_messages), 0) FROM analytics_buckets WHERE {where}",
            parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture));
    }

    /// <summary>The buckets holding a bin edge that is not a bucket edge.</summary>
    private static HashSet<long> CutBuckets(AnalyticsBins bins) =>
        [.. bins.Select(b => b.Start).Append(bins.End).Where(e => !AnalyticsBucket.IsEdge(e)).Select(AnalyticsBucket.Of)];

    /// <summary>The first bucket wholly inside <paramref name="bin"/>.</summary>
    private static long FirstWholeBucket(AnalyticsBin bin) =>
        AnalyticsBucket.IsEdge(bin.Start) ? AnalyticsBucket.Of(bin.Start) : AnalyticsBucket.Of(bin.Start) + 1;

}
