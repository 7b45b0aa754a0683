using System.Text.Json;
using NodaTime;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage.Tests.Infrastructure;
using RasaPlatform.Testing.PostgreSql;
using RasaPlatform.Testing;
using static RasaPlatform.Storage.Tests.Infrastructure.TestEvents;

namespace RasaPlatform.Storage.Tests;

/// <summary>What every <see cref="IConversationStore"/> adapter must do, run against each real engine.</summary>
public abstract partial class ConversationStoreContract(StoreFixture fixture)
{
    private static readonly IncomingEvent A = User(1, "a");
    private static readonly IncomingEvent B = User(2, "b");
    private static readonly IncomingEvent C = User(3, "c");

    protected StoreFixture Fixture { get; } = fixture;

    private IConversationStore Store => Fixture.Store;

    [ContractFact]
    public async Task Write_RealConversations_ReturnsEveryEventExactlyInArrivalOrder()
    {
        var prefix = NewSender("real");
        var writes = LoadBotfront("botfront/conversations.production.json")
            .Select(c => Append($"{prefix}-{c.SenderId}", [.. c.Events]))
            .ToList();

        var result = await Store.WriteAsync(writes, CancellationToken.None);

        Assert.Equal(new IngestResult(writes.Sum(w => w.Events.Count), 0, writes.Count), result);
        foreach (var write in writes)
        {
            await AssertStoredAsync(write.SenderId, write.Events);
        }
    }

    [ContractFact]
    public async Task Write_UnusualJsonAndUnknownTypes_ReturnedUnchanged()
    {
        var sender = NewSender("json");
        IncomingEvent[] events =
        [
            Parse("""{"event":"custom_thing","timestamp":1692186822.4774666,"extra":{"a":[1,2.50,1e3,-0.0]},"n":null}"""),
            Parse("""{"event":"user","timestamp":1,"text":"Привет 👋 \"quoted\" back\\slash\ttab 日本語","parse_data":{}}"""),
            Parse("""{"timestamp":2,"event":"bot","text":"<b>&amp;</b>","data":{"buttons":[]}}"""),
            Parse("""{"event":"another_unknown","timestamp":123456789012.125}"""),
        ];

        await Store.WriteAsync([Append(sender, events)], CancellationToken.None);

        await AssertStoredAsync(sender, events);
        Assert.Equal(["custom_thing", "user", "bot", "another_unknown"], (await ReadAsync(sender)).Select(e => e.Type));
    }

    [ContractFact]
    public async Task Append_EventTwiceInOneBatch_StoresBothTheFirstTimeAndNeitherAgain()
    {
        var sender = NewSender("twice");

        var first = await Store.WriteAsync([Append(sender, A, A)], CancellationToken.None);
        var second = await Store.WriteAsync([Append(sender, A, A)], CancellationToken.None);

        Assert.Equal(new IngestResult(2, 0, 1), first);
        Assert.Equal(new IngestResult(0, 2, 1), second);
        await AssertStoredAsync(sender, [A, A]);
    }

    [ContractFact]
    public async Task Append_OverlappingBatches_StoresOnlyTheNewEvents()
    {
        var sender = NewSender("overlap");

        await Store.WriteAsync([Append(sender, A, B)], CancellationToken.None);
        var result = await Store.WriteAsync([Append(sender, B, C)], CancellationToken.None);

        Assert.Equal(new IngestResult(1, 1, 1), result);
        await AssertStoredAsync(sender, [A, B, C]);
    }

    [ContractFact]
    public async Task Append_MoreCopiesThanStored_StoresTheSurplusCopies()
    {
        var sender = NewSender("surplus");

        await Store.WriteAsync([Append(sender, A)], CancellationToken.None);
        var result = await Store.WriteAsync([Append(sender, A, A, B, A)], CancellationToken.None);

        Assert.Equal(new IngestResult(3, 1, 1), result);
        await AssertStoredAsync(sender, [A, A, B, A]);
    }

    [ContractFact]
    public async Task Append_EventEqualInAllButOneField_IsStored()
    {
        var sender = NewSender("near");
        var original = Parse("""{"event":"user","timestamp":5,"text":"hi","parse_data":{"intent":{"name":"greet"}}}""");
        var otherText = Parse("""{"event":"user","timestamp":5,"text":"hi!","parse_data":{"intent":{"name":"greet"}}}""");
        var otherTime = Parse("""{"event":"user","timestamp":5.001,"text":"hi","parse_data":{"intent":{"name":"greet"}}}""");
        var otherNested = Parse("""{"event":"user","timestamp":5,"text":"hi","parse_data":{"intent":{"name":"greet2"}}}""");

        await Store.WriteAsync([Append(sender, original)], CancellationToken.None);
        var result = await Store.WriteAsync([Append(sender, original, otherText, otherTime, otherNested)], CancellationToken.None);

        Assert.Equal(new IngestResult(3, 1, 1), result);
        await AssertStoredAsync(sender, [original, otherText, otherTime, otherNested]);
    }

    [ContractFact]
    public async Task Append_LargeBatchWithRepeats_IsIdempotent()
    {
        var sender = NewSender("large");
        var events = Enumerable.Range(0, 400).Select(i => User(1000 + (i % 50), $"turn {i % 150}")).ToArray();
        var more = events.Concat(Enumerable.Range(0, 40).Select(i => User(5000 + i, $"more {i}"))).ToArray();

        var first = await Store.WriteAsync([Append(sender, events)], CancellationToken.None);
        var again = await Store.WriteAsync([Append(sender, events)], CancellationToken.None);
        var extended = await Store.WriteAsync([Append(sender, more)], CancellationToken.None);

        Assert.Equal(new IngestResult(400, 0, 1), first);
        Assert.Equal(new IngestResult(0, 400, 1), again);
        Assert.Equal(new IngestResult(40, 400, 1), extended);
        await AssertStoredAsync(sender, more);
    }

    [ContractFact]
    public async Task Replace_DiscardsThePreviousEvents()
    {
        var sender = NewSender("replace");
        await Store.WriteAsync([Append(sender, A, B)], CancellationToken.None);

        var result = await Store.WriteAsync([Replace(sender, C, A)], CancellationToken.None);

        Assert.Equal(new IngestResult(2, 0, 1), result);
        await AssertStoredAsync(sender, [C, A]);
    }

    [ContractFact]
    public async Task Replace_WithNoEvents_LeavesAnExistingEmptyConversation()
    {
        var created = NewSender("empty-new");
        var emptied = NewSender("empty-old");
        await Store.WriteAsync([Append(emptied, A, B)], CancellationToken.None);

        await Store.WriteAsync([Replace(created), Replace(emptied)], CancellationToken.None);

        Assert.Equal(new ConversationInfo(created, 0, null), await Store.FindAsync(created, CancellationToken.None));
        Assert.Equal(new ConversationInfo(emptied, 0, null), await Store.FindAsync(emptied, CancellationToken.None));
        Assert.Empty(await ReadAsync(created));
        Assert.Empty(await ReadAsync(emptied));
    }

    [ContractFact]
    public async Task Write_SeveralWritesToOneConversation_AppliedInListOrder()
    {
        var sender = NewSender("order");

        var result = await Store.WriteAsync([Append(sender, A), Replace(sender, B), Append(sender, C, B)], CancellationToken.None);

        Assert.Equal(new IngestResult(3, 1, 1), result);
        await AssertStoredAsync(sender, [B, C]);
    }

    [ContractFact]
    public async Task ReadEvents_Until_IsInclusiveAndKeepsArrivalOrder()
    {
        var sender = NewSender("until");
        IncomingEvent[] events = [User(30, "x"), User(10, "y"), User(20, "z"), User(40, "w")];
        await Store.WriteAsync([Append(sender, events)], CancellationToken.None);

        Assert.Equal([10d, 20d], (await ReadAsync(sender, 20)).Select(e => e.Timestamp));
        Assert.Equal([30d, 10d, 20d], (await ReadAsync(sender, 30)).Select(e => e.Timestamp));
        Assert.Equal([30d, 10d, 20d], (await ReadAsync(sender, 39.999)).Select(e => e.Timestamp));
        Assert.Empty(await ReadAsync(sender, 9.999));
        Assert.Equal([30d, 10d, 20d, 40d], (await ReadAsync(sender)).Select(e => e.Timestamp));
    }

    [ContractFact]
    public async Task ReadEvents_SequenceRange_LeavesOutEventsOutsideItAndCombinesWithUntil()
    {
        var sender = NewSender("through");
        await Store.WriteAsync([Append(sender, User(30, "x"), User(10, "y"))], CancellationToken.None);
        var first = await ReadAsync(sender);
        await Store.WriteAsync([Append(sender, User(20, "z"))], CancellationToken.None);
        var last = first[^1].Sequence;

        var through = await ReadAsync(sender, null, SequenceRange.UpTo(last));
        var throughAndUntil = await ReadAsync(sender, 20, SequenceRange.UpTo(last));
        var throughFirst = await ReadAsync(sender, null, SequenceRange.UpTo(first[0].Sequence));
        var fromSecond = await ReadAsync(sender, null, new SequenceRange(first[1].Sequence, null));
        var onlySecond = await ReadAsync(sender, null, new SequenceRange(first[1].Sequence, first[1].Sequence));
        var fromSecondUntil = await ReadAsync(sender, 15, new SequenceRange(first[1].Sequence, null));

        Assert.Equal(first, through);
        Assert.Equal([10d], throughAndUntil.Select(e => e.Timestamp));
        Assert.Equal([30d], throughFirst.Select(e => e.Timestamp));
        Assert.Equal([10d, 20d], fromSecond.Select(e => e.Timestamp));
        Assert.Equal([10d], onlySecond.Select(e => e.Timestamp));
        Assert.Equal([10d], fromSecondUntil.Select(e => e.Timestamp));
        Assert.Equal([30d, 10d, 20d], (await ReadAsync(sender)).Select(e => e.Timestamp));
    }

    [ContractFact]
    public async Task ReadConversations_RealAndUnusualConversations_EachOnceWithWhatReadEventsGives()
    {
        var prefix = NewSender("batch");
        var writes = LoadBotfront("botfront/conversations.production.json")
            .Select(c => Append($"{prefix}-{c.SenderId}", [.. c.Events]))
            .Append(Append(
                $"{prefix}-ünïcode-日本",
                Parse("""{"event":"user","timestamp":1,"text":"Привет 👋 \"quoted\" back\\slash","parse_data":{"intent":{"name":"grüßen"}}}"""),
                Parse("""{"event":"action","timestamp":2,"name":"utter_日本"}""")))
            .ToList();
        await Store.WriteAsync(writes, CancellationToken.None);
        var unknown = NewSender("batch-unknown");

        var read = await Store.ReadConversationsAsync([unknown, .. writes.Select(w => w.SenderId).Reverse()], CancellationToken.None).ToListAsync();

        Assert.Equal(writes.Select(w => w.SenderId).Order(StringComparer.Ordinal), read.Select(c => c.SenderId).Order(StringComparer.Ordinal));
        foreach (var conversation in read)
        {
            var one = await ReadAsync(conversation.SenderId);
            Assert.Equal(one, conversation.Events);
            Assert.Equal(one.Select(e => e.Json), conversation.Events.Select(e => e.Json));
            Assert.All(conversation.Events, e =>
            {
                using var document = JsonDocument.Parse(e.Json);
                Assert.Equal(e.Type, document.RootElement.GetProperty("event").GetString());
            });
        }
    }

    [ContractFact]
    public async Task ReadConversations_NoneStored_YieldsNothing()
    {
        Assert.Empty(await Store.ReadConversationsAsync([], CancellationToken.None).ToListAsync());
        Assert.Empty(await Store.ReadConversationsAsync([NewSender("batch-none-1"), NewSender("batch-none-2")], CancellationToken.None).ToListAsync());
    }

    [ContractFact]
    public async Task Find_UnknownConversation_ReturnsNullAndReadsNothing()
    {
        var sender = NewSender("unknown");

        Assert.Null(await Store.FindAsync(sender, CancellationToken.None));
        Assert.Empty(await ReadAsync(sender));
    }

    [ContractFact]
    public async Task Find_LatestEventTime_IsTheLastEventInArrivalOrderNotTheLatestTimestamp()
    {
        var sender = NewSender("latest");

        await Store.WriteAsync([Append(sender, User(50, "late"), User(10, "early"))], CancellationToken.None);
        Assert.Equal(new ConversationInfo(sender, 2, 10), await Store.FindAsync(sender, CancellationToken.None));

        await Store.WriteAsync([Append(sender, User(30, "middle"))], CancellationToken.None);
        Assert.Equal(new ConversationInfo(sender, 3, 30), await Store.FindAsync(sender, CancellationToken.None));

        await Store.WriteAsync([Append(sender, User(10, "early"))], CancellationToken.None);
        Assert.Equal(new ConversationInfo(sender, 3, 30), await Store.FindAsync(sender, CancellationToken.None));
    }

    [ContractFact]
    public Task Write_SmallWriteFailingMidCall_StoresNothingOfTheCall() => AssertFailedCallStoresNothingAsync(2);

    [ContractFact]
    public Task Write_LargeWriteFailingMidCall_StoresNothingOfTheCall() => AssertFailedCallStoresNothingAsync(40);

    [ContractFact]
    public async Task Migrate_RunTwiceMore_ChangesNothingAndRecordsEachVersionOnce()
    {
        var sender = NewSender("migrate");
        await Store.WriteAsync([Append(sender, A, B)], CancellationToken.None);

        await Fixture.CreateMigrator().MigrateAsync(CancellationToken.None);
        await Fixture.CreateMigrator().MigrateAsync(CancellationToken.None);

        Assert.Equal(MigrationNames.Of("Sqlite"), MigrationNames.Of("PostgreSql"));
        Assert.Equal(MigrationNames.Of("Sqlite"), await AppliedMigrationsAsync(Fixture));
        await AssertStoredAsync(sender, [A, B]);
    }

    /// <summary>The rows of <c>schema_migrations</c>, in version order.</summary>
    public static async Task<List<(long Version, string Name)>> AppliedMigrationsAsync(StoreFixture fixture)
    {
        await using var connection = await fixture.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, name FROM schema_migrations ORDER BY version";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(long, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), reader.GetString(1)));
        }

        return rows;
    }

    /// <summary>A call writing to an existing and two new conversations, whose last write fails on its last event.</summary>
    /// <remarks>
    /// Conversations are written in id order, so the first two are written when the third fails: on the server as a NOT
    /// NULL violation, in the SQLite driver as an unset parameter.
    /// </remarks>
    private async Task AssertFailedCallStoresNothingAsync(int failingWriteSize)
    {
        var existing = NewSender("a-existing");
        var fresh = NewSender("b-fresh");
        var failing = NewSender("c-failing");
        await Store.WriteAsync([Append(existing, A)], CancellationToken.None);
        var broken = Enumerable.Range(0, failingWriteSize)
            .Select(i => i == failingWriteSize - 1 ? User(i, "broken") with { Json = null! } : User(i, $"ok {i}"))
            .ToArray();

        await Assert.ThrowsAnyAsync<Exception>(() => Store.WriteAsync(
            [Append(existing, B, C), Append(fresh, A, B), Append(failing, broken)],
            CancellationToken.None));

        await AssertStoredAsync(existing, [A]);
        Assert.Null(await Store.FindAsync(fresh, CancellationToken.None));
        Assert.Null(await Store.FindAsync(failing, CancellationToken.None));
    }

    private async Task AssertStoredAsync(string sender, IReadOnlyList<IncomingEvent> expected)
    {
        var stored = await ReadAsync(sender);
        Assert.Equal(expected.Select(e => e.Json), stored.Select(e => e.Json));
        Assert.Equal(expected.Select(e => (e.Type, e.Timestamp)), stored.Select(e => (e.Type, e.Timestamp)));
        Assert.All(stored.Zip(stored.Skip(1)), pair => Assert.True(pair.First.Sequence < pair.Second.Sequence));
        var info = await Store.FindAsync(sender, CancellationToken.None);
        Assert.Equal(new ConversationInfo(sender, expected.Count, expected.Count == 0 ? null : expected[^1].Timestamp), info);
    }

    private Task<List<StoredEvent>> ReadAsync(string sender, double? until = null, SequenceRange sequences = default) =>
        ReadAsync(Store, sender, until, sequences);

    private static async Task<List<StoredEvent>> ReadAsync(IConversationStore store, string sender, double? until = null, SequenceRange sequences = default) =>
        await store.ReadEventsAsync(sender, new EventQuery(until) { Sequences = sequences }, CancellationToken.None).ToListAsync();

    private static List<(string SenderId, List<IncomingEvent> Events)> LoadBotfront(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SharedData.PathOf(file)));
        var received = Instant.FromUnixTimeSeconds(1_700_000_000);
        return document.RootElement.EnumerateArray()
            .Select(c => c.GetProperty("tracker"))
            .Select(t => (
                t.GetProperty("sender_id").GetString()!,
                t.GetProperty("events").EnumerateArray().Select((e, i) => EventNormalizer.Normalize(e, received, $"events[{i}]")).ToList()))
            .ToList();
    }
}
