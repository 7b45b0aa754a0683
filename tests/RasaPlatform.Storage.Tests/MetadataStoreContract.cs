using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using RasaPlatform.Core.Assistants;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Metadata;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage.Sql;
using RasaPlatform.Storage.Tests.Infrastructure;
using RasaPlatform.Testing.PostgreSql;
using static RasaPlatform.Storage.Tests.Infrastructure.TestEvents;

namespace RasaPlatform.Storage.Tests;

/// <summary>
/// What every <see cref="IMetadataStore"/> adapter must do, with the write path that feeds its queue and the
/// <see cref="MetadataProjector"/> that drains it, run against each real engine.
/// </summary>
/// <remarks>Tests share the database, so each asserts on conversations of its own; the projector drains everyone's.</remarks>
public abstract partial class MetadataStoreContract(StoreFixture fixture)
{
    protected StoreFixture Fixture { get; } = fixture;

    private IConversationStore Store => Fixture.Store;

    [ContractFact]
    public async Task Write_QueuesEveryWrittenConversationAtItsNewRevisionInTheSameCall()
    {
        var first = NewSender("queue-a");
        var second = NewSender("queue-b");

        await Store.WriteAsync([Append(first, Intent(1, "greet")), Append(second, Intent(2, "bye"))], CancellationToken.None);
        var afterOne = await QueuedAsync(first);
        await Store.WriteAsync([Append(first, Intent(3, "greet"))], CancellationToken.None);

        Assert.NotNull(await QueuedAsync(second));
        Assert.Equal(afterOne!.Revision + 1, (await QueuedAsync(first))!.Revision);
        Assert.Equal(afterOne.ConversationId, (await QueuedAsync(first))!.ConversationId);
    }

    [ContractFact]
    public async Task Write_RepeatedAfterProjection_QueuesTheConversationAgain()
    {
        var sender = NewSender("again");
        await Store.WriteAsync([Append(sender, Intent(1, "greet"))], CancellationToken.None);
        await DrainAsync(NewProjector());
        Assert.Null(await QueuedAsync(sender));

        await Store.WriteAsync([Replace(sender, Intent(5, "bye"))], CancellationToken.None);

        Assert.NotNull(await QueuedAsync(sender));
        await DrainAsync(NewProjector());
        await AssertProjectedAsync(sender);
        Assert.Equal(["bye"], (await Metadata.GetAsync(sender, CancellationToken.None))!.Intents);
    }

    [ContractFact]
    public async Task Write_FailingMidCall_QueuesNothingAndKeepsTheRevision()
    {
        var existing = NewSender("a-existing");
        var fresh = NewSender("b-fresh");
        var failing = NewSender("c-failing");
        await Store.WriteAsync([Append(existing, Intent(1, "greet"))], CancellationToken.None);
        var before = await QueuedAsync(existing);
        await DrainAsync(NewProjector());
        var broken = Enumerable.Range(0, 5).Select(i => i == 4 ? User(i, "broken") with { Json = null! } : Intent(i, "ok")).ToArray();

        await Assert.ThrowsAnyAsync<Exception>(() => Store.WriteAsync(
            [Append(existing, Intent(7, "more")), Append(fresh, Intent(8, "new")), Append(failing, broken)],
            CancellationToken.None));

        Assert.Null(await QueuedAsync(existing));
        Assert.Null(await QueuedAsync(fresh));
        Assert.Null(await QueuedAsync(failing));
        await Store.WriteAsync([Append(existing, Intent(9, "later"))], CancellationToken.None);
        Assert.Equal(before!.Revision + 1, (await QueuedAsync(existing))!.Revision);
    }

    [ContractFact]
    public async Task Write_Cancelled_QueuesNothing()
    {
        var sender = NewSender("cancelled");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.WriteAsync([Append(sender, Intent(1, "greet"))], cancelled.Token));

        Assert.Null(await QueuedAsync(sender));
        Assert.Null(await Store.FindAsync(sender, CancellationToken.None));
    }

    [ContractFact]
    public async Task Projector_FreshInstancesAfterTheWrite_ProjectEverythingWritten()
    {
        // A crash between ingest and job: nothing in memory survives, only the store.
        var senders = Enumerable.Range(0, 3).Select(i => NewSender($"crash-{i}")).ToList();
        await Store.WriteAsync([.. senders.Select((s, i) => Append(s, Conversation(i)))], CancellationToken.None);

        var restarted = new MetadataProjector(
            Fixture.CreateMetadataStore(), Fixture.CreateConversationStore(), Fixture.Clock, Options(100));
        await DrainAsync(restarted);

        foreach (var sender in senders)
        {
            await AssertProjectedAsync(sender);
            Assert.Null(await QueuedAsync(sender));
        }
    }

    [ContractFact]
    public async Task Projector_RunAgainOnTheSameRevision_ChangesNothing()
    {
        var sender = NewSender("rerun");
        await Store.WriteAsync([Append(sender, Conversation(3))], CancellationToken.None);
        await DrainAsync(NewProjector());
        var first = await Metadata.GetAsync(sender, CancellationToken.None);
        var names = await NameRowsAsync(sender);

        await Metadata.EnqueueAllAsync(CancellationToken.None);
        await DrainAsync(NewProjector());
        var item = await ItemAsync(sender);
        Assert.False(await Metadata.SaveAsync(first!, item.ConversationId, item.Revision, CancellationToken.None));

        Assert.Equal(Json(first), Json(await Metadata.GetAsync(sender, CancellationToken.None)));
        Assert.Equal(names, await NameRowsAsync(sender));
        Assert.Equal(ExpectedNameRows(first!), names);
    }

    [ContractFact]
    public async Task Save_AfterANewerWrite_KeepsTheItemQueuedForTheNextRun()
    {
        var sender = NewSender("newer");
        await Store.WriteAsync([Append(sender, Intent(1, "greet"))], CancellationToken.None);
        var claimed = (await QueuedAsync(sender))!;
        var folded = await NewProjector().BuildAsync(sender, CancellationToken.None);

        await Store.WriteAsync([Append(sender, Intent(2, "bye"))], CancellationToken.None);
        var saved = await Metadata.SaveAsync(folded, claimed.ConversationId, claimed.Revision, CancellationToken.None);

        Assert.False(saved);
        Assert.Equal(claimed.Revision + 1, (await QueuedAsync(sender))!.Revision);
        Assert.Equal(["greet"], (await Metadata.GetAsync(sender, CancellationToken.None))!.Intents);
        await DrainAsync(NewProjector());
        Assert.Null(await QueuedAsync(sender));
        await AssertProjectedAsync(sender);
        Assert.Equal(["bye", "greet"], (await Metadata.GetAsync(sender, CancellationToken.None))!.Intents);
    }

    [ContractFact]
    public async Task Save_OlderRevisionAfterANewerOne_KeepsTheNewer()
    {
        var sender = NewSender("older");
        await Store.WriteAsync([Append(sender, Intent(1, "greet"))], CancellationToken.None);
        var older = (await QueuedAsync(sender))!;
        var olderMetadata = await NewProjector().BuildAsync(sender, CancellationToken.None);
        await Store.WriteAsync([Append(sender, Intent(2, "bye"))], CancellationToken.None);
        await DrainAsync(NewProjector());

        await Metadata.SaveAsync(olderMetadata, older.ConversationId, older.Revision, CancellationToken.None);

        await AssertProjectedAsync(sender);
    }

    [ContractFact]
    public async Task Get_UnknownOrNotYetProjected_ReturnsNull()
    {
        var sender = NewSender("pending");
        await Store.WriteAsync([Append(sender, Intent(1, "greet"))], CancellationToken.None);

        Assert.Null(await Metadata.GetAsync(NewSender("unknown"), CancellationToken.None));
        Assert.Null(await Metadata.GetAsync(sender, CancellationToken.None));
    }

    [ContractFact]
    public async Task Projector_EmptyConversation_StoresEmptyMetadata()
    {
        var sender = NewSender("empty");
        await Store.WriteAsync([Replace(sender)], CancellationToken.None);

        await DrainAsync(NewProjector());

        var metadata = await Metadata.GetAsync(sender, CancellationToken.None);
        Assert.Equal(0, metadata!.EventCount);
        Assert.Empty(await NameRowsAsync(sender));
        await AssertProjectedAsync(sender);
    }

    [ContractFact]
    public async Task Save_ConversationMovingToAnotherAssistant_MovesItsCounts()
    {
        var sender = NewSender("mover");
        var (first, second, third) = (NewSender("assistant-a"), NewSender("assistant-b"), NewSender("assistant-c"));
        var intent = NewSender("moved");
        await Store.WriteAsync([Append(sender, Said(1, intent, first))], CancellationToken.None);
        await DrainAsync(NewProjector());
        Assert.Equal([$"1|{intent}|1", "5|rest|1"], await CountsOfAsync(first));

        // The names stay; only the assistant changes, so only the metadata row's trigger can move their counts.
        await Store.WriteAsync([Append(sender, Said(2, intent, second))], CancellationToken.None);
        await DrainAsync(NewProjector());
        Assert.Equal([], await CountsOfAsync(first));
        Assert.Equal([$"1|{intent}|1", "5|rest|1"], await CountsOfAsync(second));
        Assert.Equal([], await TrainingCountsOfAsync(first));
        Assert.Equal(["1|1"], await TrainingCountsOfAsync(second));
        await AssertCountsAreCountsOfTheirRowsAsync();

        // The assistant and the names change in one save.
        await Store.WriteAsync([Replace(sender, Said(3, "other_" + intent, third))], CancellationToken.None);
        await DrainAsync(NewProjector());
        Assert.Equal([], await CountsOfAsync(second));
        Assert.Equal([$"1|other_{intent}|1", "5|rest|1"], await CountsOfAsync(third));
        Assert.Equal(["1|1"], await TrainingCountsOfAsync(third));
        await AssertCountsAreCountsOfTheirRowsAsync();

        Assert.Equal(1, await Store.DeleteAsync([sender], CancellationToken.None));
        Assert.Equal([], await CountsOfAsync(third));
        Assert.Equal([], await TrainingCountsOfAsync(third));
        await AssertCountsAreCountsOfTheirRowsAsync();
    }

    private IMetadataStore Metadata => Fixture.Metadata;

    /// <summary>The assistant's <c>name_counts</c> rows other than zero, as "kind|name|conversations", sorted.</summary>
    private async Task<List<string>> CountsOfAsync(string assistant) =>
        await StringsAsync($"SELECT kind, name, conversations FROM name_counts WHERE assistant_id = '{assistant}' AND conversations <> 0");

    /// <summary>The assistant's <c>training_counts</c> rows other than zero, as "in_training_data|conversations" (0 or 1).</summary>
    private async Task<List<string>> TrainingCountsOfAsync(string assistant) =>
        await StringsAsync($"SELECT CASE WHEN in_training_data THEN 1 ELSE 0 END, conversations FROM training_counts WHERE assistant_id = '{assistant}' AND conversations <> 0");

    /// <summary>A user message with the intent, on channel <c>rest</c>, naming the assistant.</summary>
    private static IncomingEvent Said(double timestamp, string intent, string assistant) => Parse(JsonSerializer.Serialize(new
    {
        @event = "user",
        timestamp,
        text = "hi",
        input_channel = "rest",
        parse_data = new { intent = new { name = intent, confidence = 0.5 } },
        metadata = new { assistant_id = assistant },
    }));

    private MetadataProjector NewProjector(int batchSize = 100) =>
        new(Metadata, Store, Fixture.Clock, Options(batchSize));

    private static IOptions<MetadataProjectorOptions> Options(int batchSize) =>
        Microsoft.Extensions.Options.Options.Create(new MetadataProjectorOptions { BatchSize = batchSize });

    private static async Task DrainAsync(MetadataProjector projector)
    {
        while (await projector.RunOnceAsync(CancellationToken.None) > 0)
        {
        }
    }

    /// <summary>The conversation's queue item, or null when it is not queued.</summary>
    private Task<MetadataWorkItem?> QueuedAsync(string sender) => QueueRows.FindAsync(Fixture, sender);

    /// <summary>The conversation's id and current revision, queued or not.</summary>
    private async Task<MetadataWorkItem> ItemAsync(string sender)
    {
        await using var connection = await Fixture.OpenConnectionAsync();
        await using var command = connection.CreateCommand("SELECT id, revision FROM conversations WHERE sender_id = @sender", ("sender", sender));
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return new MetadataWorkItem(reader.GetInt64(0), sender, reader.GetInt64(1));
    }

    /// <summary>The conversation's <c>conversation_names</c> rows as "kind:name", sorted.</summary>
    private async Task<List<string>> NameRowsAsync(string sender)
    {
        await using var connection = await Fixture.OpenConnectionAsync();
        await using var command = connection.CreateCommand(
            "SELECT n.kind, n.name FROM conversation_names n JOIN conversations c ON c.id = n.conversation_id WHERE c.sender_id = @sender",
            ("sender", sender));
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add($"{Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture)}:{reader.GetString(1)}");
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    /// <summary>
    /// The listing's count tables equal counts of the rows they count, whatever saves, replaces and rebuilds did before.
    /// </summary>
    /// <remarks>
    /// Per assistant: a name row counts under the assistant of its conversation's metadata, and a conversation under
    /// its own (<c>''</c> for none), so a conversation that moves to another assistant moves its counts.
    /// </remarks>
    private async Task AssertCountsAreCountsOfTheirRowsAsync()
    {
        Assert.Equal(
            await StringsAsync("""
                SELECT n.kind, n.name, COALESCE(m.assistant_id, ''), COUNT(*)
                FROM conversation_names n LEFT JOIN conversation_metadata m ON m.conversation_id = n.conversation_id
                GROUP BY n.kind, n.name, COALESCE(m.assistant_id, '')
                """),
            await StringsAsync("SELECT kind, name, assistant_id, conversations FROM name_counts WHERE conversations <> 0"));
        Assert.Equal(
            await StringsAsync("SELECT COALESCE(assistant_id, ''), in_training_data, COUNT(*) FROM conversation_metadata GROUP BY COALESCE(assistant_id, ''), in_training_data"),
            await StringsAsync("SELECT assistant_id, in_training_data, conversations FROM training_counts WHERE conversations <> 0"));
    }

    /// <summary>Rows as their columns joined by "|", ordinally sorted.</summary>
    private async Task<List<string>> StringsAsync(string sql)
    {
        await using var connection = await Fixture.OpenConnectionAsync();
        await using var command = connection.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static List<string> ExpectedNameRows(ConversationMetadata m)
    {
        var rows = m.Intents.Select(n => $"1:{n}")
            .Concat(m.Entities.Select(n => $"2:{n}"))
            .Concat(m.Actions.Select(n => $"3:{n}"))
            .Concat(m.Policies.Select(n => $"4:{n}"))
            .Concat(m.InputChannels.Select(n => $"5:{n}"))
            .Concat(m.Slots.Select(v => $"6:{v.Name}\u001f{v.Json}"))
            .Concat(m.Slots.Select(v => $"7:{v.Name}\u001f{v.Json.ToLowerInvariant()}").Distinct())
            .Concat(m.Slots.Select(v => $"8:{v.Name}").Distinct())
            .ToList();
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    /// <summary>The stored metadata is what <see cref="MetadataBuilder"/> folds from the stored events, name rows included.</summary>
    /// <remarks>The projector resolves the assistant: the one the events name, else the configured default.</remarks>
    private async Task AssertProjectedAsync(string sender)
    {
        var events = await Store.ReadEventsAsync(sender, EventQuery.All, CancellationToken.None).ToListAsync();
        var folded = MetadataBuilder.Build(sender, events);
        var expected = folded with { AssistantId = new AssistantOptions().Resolve(folded.AssistantId) };
        Assert.Equal(Json(expected), Json(await Metadata.GetAsync(sender, CancellationToken.None)));
        Assert.Equal(ExpectedNameRows(expected), await NameRowsAsync(sender));
    }

    private static string Json(ConversationMetadata? metadata) => JsonSerializer.Serialize(metadata);

    private static IncomingEvent Intent(double timestamp, string intent) => Parse(JsonSerializer.Serialize(new
    {
        @event = "user",
        timestamp,
        text = intent,
        parse_data = new { intent = new { name = intent, confidence = 0.5 + (timestamp / 100) } },
    }));

    /// <summary>A small conversation touching every metadata field, varied by <paramref name="n"/>.</summary>
    private static IncomingEvent[] Conversation(int n) =>
    [
        Parse($$$"""{"event":"user","timestamp":{{{10 + n}}},"text":"hi","input_channel":"rest","parse_data":{"intent":{"name":"greet","confidence":0.9{{{n}}}},"entities":[{"entity":"city"},{"entity":"name{{{n}}}"}]},"metadata":{"assistant_id":"bot{{{n}}}"}}"""),
        Parse($$"""{"event":"action","timestamp":{{11 + n}},"name":"utter_greet","policy":"policy_0_MemoizationPolicy","confidence":1.0}"""),
        Parse($$"""{"event":"bot","timestamp":{{12 + n}},"text":"hello"}"""),
        Parse($$"""{"event":"action","timestamp":{{13 + n}},"name":"action_listen","policy":"policy_1_TEDPolicy","confidence":0.4{{n}}}"""),
        Parse($$$$"""{"event":"user","timestamp":{{{{9 + n}}}},"text":"bye","input_channel":"slack","parse_data":{"intent":{"name":"bye","confidence":0.3}}}"""),
    ];
}
