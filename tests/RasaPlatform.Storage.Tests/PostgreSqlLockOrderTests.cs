using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using RasaPlatform.Core.Analytics;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Metadata;
using RasaPlatform.Core.Storage;
using RasaPlatform.Core.Tags;
using RasaPlatform.Storage.Tests.Infrastructure;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Storage.Tests;

/// <summary>
/// The server's writers take shared rows in one order (<c>PostgreSqlPendingCounts</c>): metadata saves of several
/// instances at once, deletions, writes, tag links and flags on the same conversations, names, assistants and time
/// buckets never deadlock.
/// </summary>
/// <remarks>
/// Regression test of the 33 deadlocks a minute of the benchmark's mix of writers and readers met (saves and deletions
/// on <c>name_counts</c> and <c>training_counts</c>). The database is the test's own, so that the server's deadlock
/// counter for it counts this test's transactions only.
/// </remarks>
public sealed class PostgreSqlLockOrderTests
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(4);
    private static readonly string[] Assistants = ["assistant-0", "assistant-1", "assistant-2"];

    [PostgreSqlFact]
    public async Task SavesDeletionsWritesTagsAndFlags_ConcurrentlyOnSharedConversations_NoDeadlock()
    {
        var database = new PostgreSqlDatabase<PostgreSqlLockOrderTests> { OwnDatabase = true };
        await database.InitializeAsync();
        try
        {
            var senders = Enumerable.Range(0, 32).Select(i => $"lock-{i:D2}").ToList();
            var seed = new RandomConversations(1, senders, sessions: true);
            foreach (var batch in Enumerable.Range(0, 40).Select(_ => seed.NextBatch()))
            {
                await database.Store.WriteAsync(batch, CancellationToken.None);
            }

            await SaveQueuedAsync(database, database.Metadata);
            var tags = await TagsAsync(database.Tags);
            var before = await ServerDeadlocksAsync(database, endConnections: false);
            var stop = Stopwatch.StartNew();
            bool Running() => stop.Elapsed < Duration;

            await Task.WhenAll(
            [
                .. Enumerable.Range(0, 3).Select(i => Task.Run(() => SaveAsync(database, database.CreateMetadataStore(), new Random(10 + i), Running))),
                .. Enumerable.Range(0, 2).Select(i => Task.Run(() => WriteAsync(database.CreateConversationStore(), new RandomConversations(20 + i, senders, sessions: true), Running))),
                .. Enumerable.Range(0, 2).Select(i => Task.Run(() => DeleteAsync(database.CreateConversationStore(), senders, new Random(30 + i), Running))),
                Task.Run(() => TagAsync(database.CreateTagStore(), senders, tags, new Random(40), Running)),
                Task.Run(() => FlagAsync(database.Store, database.CreateFlagStore(), senders, new Random(50), Running)),
            ]);
            await SaveQueuedAsync(database, database.Metadata);

            Assert.Equal(0, database.Deadlocks.Retries);
            await AssertCountsAreCountsAsync(database);
            Assert.Equal(before, await ServerDeadlocksAsync(database, endConnections: true));
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    /// <summary>A metadata job of its own instance: saves a random half of the oldest queued conversations, as folded now.</summary>
    private static async Task SaveAsync(StoreFixture database, IMetadataStore metadata, Random random, Func<bool> running)
    {
        while (running())
        {
            // Claims that end at once: every instance may pick the same conversations again, as racing saves do.
            var claimed = await metadata.ClaimAsync("saver", 40, database.Clock.GetCurrentInstant(), CancellationToken.None);
            var picked = claimed.Where(_ => random.Next(2) == 0).ToList();
            await metadata.SaveAsync(await FoldAsync(database, picked), CancellationToken.None);
            await Task.Delay(claimed.Count == 0 ? 10 : 1);
        }
    }

    private static async Task WriteAsync(IConversationStore store, RandomConversations writes, Func<bool> running)
    {
        while (running())
        {
            await store.WriteAsync(writes.NextBatch(), CancellationToken.None);
            await Task.Delay(2);
        }
    }

    /// <summary>Deletes three conversations at a time; the writers bring them back.</summary>
    private static async Task DeleteAsync(IConversationStore store, List<string> senders, Random random, Func<bool> running)
    {
        while (running())
        {
            await store.DeleteAsync([.. Enumerable.Range(0, 3).Select(_ => senders[random.Next(senders.Count)])], CancellationToken.None);
            await Task.Delay(15);
        }
    }

    /// <summary>Tags and untags conversations with their assistant's tags, and now and then deletes a tag for a new one.</summary>
    private static async Task TagAsync(ITagStore store, List<string> senders, ConcurrentDictionary<string, List<long>> tags, Random random, Func<bool> running)
    {
        while (running())
        {
            var sender = senders[random.Next(senders.Count)];
            if (await store.FindConversationAsync(sender, CancellationToken.None) is not { Assistant: { } assistant } conversation
                || !tags.TryGetValue(assistant, out var ids))
            {
                await Task.Delay(1);
                continue;
            }

            var tag = ids[random.Next(ids.Count)];
            switch (random.Next(20))
            {
                case 0:
                    await store.DeleteAsync(tag, CancellationToken.None);
                    ids[ids.IndexOf(tag)] = (await store.CreateAsync(assistant, $"tag-{Guid.NewGuid():N}", CancellationToken.None)).Tag!.Id;
                    break;
                case < 8:
                    await store.UnlinkAsync(sender, tag, CancellationToken.None);
                    break;
                default:
                    await store.LinkAsync(sender, tag, assistant, conversation.Revision, CancellationToken.None);
                    break;
            }
        }
    }

    /// <summary>Flags and unflags messages as they are stored now.</summary>
    private static async Task FlagAsync(IConversationStore store, IFlagStore flags, List<string> senders, Random random, Func<bool> running)
    {
        while (running())
        {
            var sender = senders[random.Next(senders.Count)];
            var messages = await store.ReadEventsAsync(sender, EventQuery.All, CancellationToken.None)
                .Where(e => EventTypes.IsMessage(e.Type)).Select(e => e.Timestamp).ToListAsync();
            if (messages.Count == 0)
            {
                await Task.Delay(1);
                continue;
            }

            var timestamp = messages[random.Next(messages.Count)];
            _ = random.Next(3) == 0
                ? await flags.UnflagAsync(sender, timestamp, CancellationToken.None)
                : await flags.FlagAsync(sender, timestamp, CancellationToken.None);
        }
    }

    private static async Task SaveQueuedAsync(StoreFixture database, IMetadataStore metadata)
    {
        while (await metadata.ClaimAsync("drain", 100, database.Clock.GetCurrentInstant(), CancellationToken.None) is { Count: > 0 } claimed)
        {
            await metadata.SaveAsync(await FoldAsync(database, claimed), CancellationToken.None);
        }
    }

    private static async Task<List<MetadataUpdate>> FoldAsync(StoreFixture database, IReadOnlyList<MetadataWorkItem> items)
    {
        var updates = new List<MetadataUpdate>(items.Count);
        foreach (var item in items)
        {
            var metadata = new MetadataBuilder(item.SenderId);
            var facts = new ConversationFactsBuilder(item.SenderId);
            await foreach (var e in database.Store.ReadEventsAsync(item.SenderId, EventQuery.All, CancellationToken.None))
            {
                metadata.Add(e);
                facts.Add(e);
            }

            updates.Add(new MetadataUpdate(item.ConversationId, item.Revision, metadata.Build(), facts.Build()));
        }

        return updates;
    }

    private static async Task<ConcurrentDictionary<string, List<long>>> TagsAsync(ITagStore store)
    {
        var tags = new ConcurrentDictionary<string, List<long>>(StringComparer.Ordinal);
        foreach (var assistant in Assistants)
        {
            tags[assistant] = [];
            for (var i = 0; i < 3; i++)
            {
                tags[assistant].Add((await store.CreateAsync(assistant, $"tag-{i}", CancellationToken.None)).Tag!.Id);
            }
        }

        return tags;
    }

    /// <summary>
    /// The deadlocks the server counted in the test's database. A server process reports its deadlocks to the statistics
    /// when idle for a while or when it exits: with <paramref name="endConnections"/>, every other connection to the
    /// database is ended first (and the stores' pools are of no use afterwards).
    /// </summary>
    private static async Task<long> ServerDeadlocksAsync(PostgreSqlDatabase<PostgreSqlLockOrderTests> database, bool endConnections)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        // Only this user's client connections: the stores' deadlocks are theirs. The server may not let this role end a
        // process all the same (an autovacuum worker runs as the superuser, and a backend still starting has no role
        // yet: 42501); those hold none of the stores' work, so they are left alone.
        const string others =
            "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() " +
            "AND backend_type = 'client backend' AND usename = current_user";
        if (endConnections)
        {
            foreach (var pid in await PidsAsync(connection, $"SELECT pid {others}"))
            {
                try
                {
                    await ScalarAsync(connection, $"SELECT COUNT(*) FROM (SELECT pg_terminate_backend({pid})) s");
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
                {
                    // Not one of the stores' connections.
                }
            }

            for (var wait = 0; wait < 100 && await ScalarAsync(connection, $"SELECT COUNT(*) {others}") > 0; wait++)
            {
                await Task.Delay(50);
            }
        }

        await ScalarAsync(connection, "SELECT COUNT(*) FROM (SELECT pg_stat_clear_snapshot()) s");
        return await ScalarAsync(connection, "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()");
    }

    private static async Task<List<int>> PidsAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var pids = new List<int>();
        while (await reader.ReadAsync())
        {
            pids.Add(reader.GetInt32(0));
        }

        return pids;
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Every count row the folds kept equals a count of the rows it counts.</summary>
    private static async Task AssertCountsAreCountsAsync(StoreFixture database)
    {
        (string Counted, string Kept)[] pairs =
        [
            (
                """
                SELECT n.kind, n.name, COALESCE(m.assistant_id, ''), COUNT(*)
                FROM conversation_names n LEFT JOIN conversation_metadata m ON m.conversation_id = n.conversation_id
                GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                """,
                "SELECT kind, name, assistant_id, conversations FROM name_counts WHERE conversations <> 0 ORDER BY 1, 2, 3"),
            (
                "SELECT COALESCE(assistant_id, ''), in_training_data, COUNT(*) FROM conversation_metadata GROUP BY 1, 2 ORDER BY 1, 2",
                "SELECT assistant_id, in_training_data, conversations FROM training_counts WHERE conversations <> 0 ORDER BY 1, 2"),
            (
                "SELECT tag_id, COUNT(*) FROM conversation_tags GROUP BY 1 ORDER BY 1",
                "SELECT tag_id, conversations FROM tag_counts WHERE conversations <> 0 ORDER BY 1"),
        ];
        foreach (var (counted, kept) in pairs)
        {
            Assert.Equal(await RowsAsync(database, counted), await RowsAsync(database, kept));
        }

        Assert.NotEmpty(await RowsAsync(database, pairs[0].Counted));
    }

    private static async Task<List<string>> RowsAsync(StoreFixture database, string sql)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(JsonSerializer.Serialize(Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i).ToString())));
        }

        return rows;
    }
}
