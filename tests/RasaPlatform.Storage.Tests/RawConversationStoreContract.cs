using System.Text.Json;
using Microsoft.Extensions.Options;
using RasaPlatform.Core.Assistants;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Metadata;
using RasaPlatform.Core.RawConversations;
using RasaPlatform.Core.Storage;
using RasaPlatform.Core.Tags;
using RasaPlatform.Storage.Tests.Infrastructure;
using RasaPlatform.Testing.PostgreSql;
using static RasaPlatform.Storage.Tests.Infrastructure.TestEvents;

namespace RasaPlatform.Storage.Tests;

/// <summary>
/// What every <see cref="IRawConversationStore"/> adapter must answer: an assistant's conversations in arrival order with
/// their events as stored and their tags, bounded by time (an event in [from, to)) and tag names, paged with a count
/// that ignores paging; checked by hand and against a reference over random conversations.
/// </summary>
/// <remarks>Tests share the database, so each one uses assistants of its own.</remarks>
public abstract class RawConversationStoreContract(StoreFixture fixture)
{
    private IRawConversationStore Raw => fixture.RawConversations;

    [ContractFact]
    public async Task Read_TheAssistantsConversations_InArrivalOrder_EveryEventAsStored_WithTags()
    {
        var (assistant, other) = (NewSender("assistant"), NewSender("other"));
        var b = await WriteAsync(assistant, "b", 10, 11, 12);
        var a = await WriteAsync(assistant, "a", 5);
        await WriteAsync(other, "c", 1);
        await DrainAsync();
        var tag = await TagAsync(a, assistant, "z");
        var tag2 = await TagAsync(a, assistant, "m");

        var page = await ReadAsync(Query(assistant));

        Assert.Equal(2, page.Count);
        Assert.Equal([b, a], page.Conversations.Select(c => c.Sender));
        Assert.Equal(await StoredJsonAsync(b), page.Conversations[0].Events);
        Assert.Equal(await StoredJsonAsync(a), page.Conversations[1].Events);
        Assert.Empty(page.Conversations[0].Tags);
        Assert.Equal([tag2, tag], page.Conversations[1].Tags);
        Assert.Equal(0, (await ReadAsync(Query(NewSender("nobody")))).Count);
    }

    [ContractFact]
    public async Task Read_Pages_AreWindowsOfOneOrder_AndTheCountIgnoresThem()
    {
        var assistant = NewSender("assistant");
        var senders = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            senders.Add(await WriteAsync(assistant, $"p{i}", 100 + i));
        }

        await DrainAsync();

        foreach (var (offset, limit, expected) in new[] { (0, 2, new[] { 0, 1 }), (2, 2, [2, 3]), (4, 2, [4]), (1, 10, [1, 2, 3, 4]), (5, 2, []), (9, 1, []) })
        {
            var page = await ReadAsync(Query(assistant) with { Offset = offset, Limit = limit });
            Assert.Equal(5, page.Count);
            Assert.Equal(expected.Select(i => senders[i]), page.Conversations.Select(c => c.Sender));
        }
    }

    [ContractTheory]
    [InlineData(null, null, new[] { "early", "spans-gap", "spans-event", "late", "empty" })]
    [InlineData(200.0, null, new[] { "early", "spans-gap", "spans-event", "late" })]
    [InlineData(200.5, null, new[] { "spans-gap", "spans-event", "late" })]
    [InlineData(null, 100.0, new[] { "spans-gap" })]
    [InlineData(null, 100.5, new[] { "early", "spans-gap" })]
    [InlineData(null, 101.0, new[] { "early", "spans-gap", "spans-event" })]
    [InlineData(150.0, 250.0, new[] { "early" })]
    [InlineData(250.0, 400.0, new[] { "spans-event", "late" })]
    [InlineData(300.0, 301.0, new[] { "late" })]
    [InlineData(300.0, 300.0, new string[0])]
    [InlineData(40.0, 60.0, new[] { "spans-gap" })]
    [InlineData(500.0, 501.0, new[] { "spans-gap", "spans-event" })]
    [InlineData(501.0, null, new string[0])]
    public async Task Read_TimeBounds_KeepConversationsWithAnEventInTheHalfOpenRange(double? from, double? to, string[] expected)
    {
        var assistant = NewSender("assistant");
        var senders = new Dictionary<string, string>
        {
            ["early"] = await WriteAsync(assistant, "early", 100, 200),
            ["spans-gap"] = await WriteAsync(assistant, "spans-gap", 50, 500),
            ["spans-event"] = await WriteAsync(assistant, "spans-event", 500, 100.5, 260),
            ["late"] = await WriteAsync(assistant, "late", 300),
            ["empty"] = await WriteAsync(assistant, "empty"),
        };
        await DrainAsync(defaultAssistant: assistant);

        var page = await ReadAsync(Query(assistant) with { From = from, To = to });

        Assert.Equal(expected.Select(e => senders[e]), page.Conversations.Select(c => c.Sender));
        Assert.Equal(expected.Length, page.Count);
        foreach (var conversation in page.Conversations)
        {
            Assert.Equal(await StoredJsonAsync(conversation.Sender), conversation.Events);
        }
    }

    [ContractFact]
    public async Task Read_TagNames_AreTheAssistantsTags_AnyOfThem()
    {
        var (assistant, other) = (NewSender("assistant"), NewSender("other"));
        var (a, b, c) = (await WriteAsync(assistant, "a", 1), await WriteAsync(assistant, "b", 2), await WriteAsync(assistant, "c", 3));
        await DrainAsync();
        await TagAsync(a, assistant, "bug");
        await TagAsync(b, assistant, "praise");
        var foreign = (await fixture.Tags.CreateAsync(other, "bug", CancellationToken.None)).Tag!;
        var found = await fixture.Tags.FindConversationAsync(c, CancellationToken.None);
        Assert.Equal(TagLinkResult.Linked, await fixture.Tags.LinkAsync(c, foreign.Id, other, found!.Revision, CancellationToken.None));

        Assert.Equal([a], await SendersAsync(Query(assistant) with { TagNames = ["bug"] }));
        Assert.Equal([a, b], await SendersAsync(Query(assistant) with { TagNames = ["praise", "bug", "unknown"] }));
        Assert.Empty(await SendersAsync(Query(assistant) with { TagNames = ["unknown"] }));
        Assert.Empty(await SendersAsync(Query(other) with { TagNames = ["bug"] }));
        Assert.Equal(1, (await ReadAsync(Query(assistant) with { TagNames = ["bug"], Limit = 1 })).Count);
    }

    [ContractFact]
    public async Task Read_AConversationWithoutMetadataYet_IsNotExported_AndAStaleOneAsFolded()
    {
        var assistant = NewSender("assistant");
        var moved = await WriteAsync(assistant, "moved", 1);
        await DrainAsync();
        await fixture.Store.WriteAsync([Append(moved, Said(2, NewSender("elsewhere")))], CancellationToken.None);
        await WriteAsync(assistant, "unprojected", 3);

        var page = await ReadAsync(Query(assistant));

        Assert.Equal([moved], page.Conversations.Select(c => c.Sender));
        Assert.Equal(2, page.Conversations[0].Events.Count);
        await DrainAsync();
        Assert.Equal(1, (await ReadAsync(Query(assistant))).Count);
    }

    [ContractTheory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Read_RandomQueries_AgreeWithTheReference(int seed)
    {
        var prefix = NewSender("random");
        var senders = Enumerable.Range(0, 40).Select(i => $"{prefix}-{i:D2}").ToList();
        var generator = new RandomConversations(seed, senders, sessions: true);
        for (var i = 0; i < 100; i++)
        {
            await fixture.Store.WriteAsync(generator.NextBatch(), CancellationToken.None);
        }

        await DrainAsync();
        var random = new Random(seed);
        var tags = new List<ConversationTag>();
        foreach (var (assistant, name) in new[] { ("assistant-0", "x"), ("assistant-0", "y"), ("default", "x"), ("assistant-1", "y") })
        {
            var saved = await fixture.Tags.CreateAsync(assistant, name + prefix, CancellationToken.None);
            tags.Add(saved.Tag!);
        }

        foreach (var sender in senders)
        {
            if (await fixture.Tags.FindConversationAsync(sender, CancellationToken.None) is { } found)
            {
                foreach (var tag in tags.Where(_ => random.Next(3) == 0))
                {
                    await fixture.Tags.LinkAsync(sender, tag.Id, tag.Assistant, found.Revision, CancellationToken.None);
                }
            }
        }

        // Every conversation of the database, other tests' too (they use the same assistant names), in arrival order.
        var rows = new List<Row>();
        foreach (var sender in await AllSendersAsync())
        {
            if (await fixture.Metadata.GetAsync(sender, CancellationToken.None) is { } metadata)
            {
                var events = await fixture.Store.ReadEventsAsync(sender, EventQuery.All, CancellationToken.None).ToListAsync();
                rows.Add(new Row(sender, metadata.AssistantId!, events, await fixture.Tags.ReadTagsAsync(sender, CancellationToken.None)));
            }
        }

        var timestamps = rows.SelectMany(r => r.Events.Select(e => e.Timestamp)).ToList();
        var selective = 0;
        for (var i = 0; i < 80; i++)
        {
            double? Time() => random.Next(3) == 0 ? null : timestamps[random.Next(timestamps.Count)];
            var (from, to) = (Time(), Time());
            if (from > to)
            {
                (from, to) = (to, from);
            }

            var query = new RawConversationQuery(
                $"assistant-{random.Next(2)}",
                from,
                to,
                random.Next(3) == 0 ? [tags[random.Next(tags.Count)].Name, "nothing"] : [],
                random.Next(1, 8),
                random.Next(3) == 0 ? random.Next(0, 6) : 0);
            var matching = rows.Where(r => Matches(r, query)).ToList();

            var page = await ReadAsync(query);

            var because = JsonSerializer.Serialize(query);
            Assert.True(matching.Count == page.Count, $"count {page.Count}, expected {matching.Count}: {because}");
            var expected = matching.Skip((int)query.Offset).Take(query.Limit).ToList();
            Assert.True(expected.Select(r => r.Sender).SequenceEqual(page.Conversations.Select(c => c.Sender)), because);
            for (var j = 0; j < expected.Count; j++)
            {
                Assert.Equal(expected[j].Events.Select(e => e.Json), page.Conversations[j].Events);
                Assert.Equal(expected[j].Tags, page.Conversations[j].Tags);
            }

            selective += matching.Count > 0 && matching.Count < rows.Count(r => r.Assistant == query.Assistant) ? 1 : 0;
        }

        Assert.True(selective > 20, $"only {selective} of 80 queries were selective");
    }

    /// <summary>The export's semantics the obvious way: the assistant, an event in [from, to), a tag of the assistant named.</summary>
    private static bool Matches(Row row, RawConversationQuery q) =>
        row.Assistant == q.Assistant
        && (q.From is null && q.To is null || row.Events.Any(e => (q.From is not { } f || e.Timestamp >= f) && (q.To is not { } t || e.Timestamp < t)))
        && (q.TagNames.Count == 0 || row.Tags.Any(t => t.Assistant == q.Assistant && q.TagNames.Contains(t.Name)));

    private static RawConversationQuery Query(string assistant) => new(assistant, null, null, [], 10, 0);

    private static IncomingEvent Said(double timestamp, string assistant) =>
        Parse(JsonSerializer.Serialize(new { @event = "user", timestamp, text = "hi", metadata = new { assistant_id = assistant } }));

    /// <summary>
    /// A conversation of the assistant: a first event naming it, then bot messages at the other times; without times, a
    /// conversation without events, which belongs to the default assistant.
    /// </summary>
    private async Task<string> WriteAsync(string assistant, string label, params double[] timestamps)
    {
        var sender = NewSender(label);
        var events = timestamps.Select((t, i) => i == 0 ? Said(t, assistant) : Parse(JsonSerializer.Serialize(new { @event = "bot", timestamp = t, text = $"at {t}" })));
        await fixture.Store.WriteAsync([Replace(sender, [.. events])], CancellationToken.None);
        return sender;
    }

    private async Task<ConversationTag> TagAsync(string sender, string assistant, string name)
    {
        var tag = (await fixture.Tags.CreateAsync(assistant, name, CancellationToken.None)).Tag!;
        var found = await fixture.Tags.FindConversationAsync(sender, CancellationToken.None);
        Assert.Equal(TagLinkResult.Linked, await fixture.Tags.LinkAsync(sender, tag.Id, assistant, found!.Revision, CancellationToken.None));
        return tag;
    }

    private async Task<List<string>> AllSendersAsync()
    {
        await using var connection = await fixture.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sender_id FROM conversations ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync();
        var senders = new List<string>();
        while (await reader.ReadAsync())
        {
            senders.Add(reader.GetString(0));
        }

        return senders;
    }

    private async Task<List<string>> StoredJsonAsync(string sender) =>
        [.. (await fixture.Store.ReadEventsAsync(sender, EventQuery.All, CancellationToken.None).ToListAsync()).Select(e => e.Json)];

    private async Task<List<string>> SendersAsync(RawConversationQuery query) =>
        [.. (await ReadAsync(query)).Conversations.Select(c => c.Sender)];

    /// <summary>Reads a page, checking the parts come in their order: one count first, then conversations with their events.</summary>
    private async Task<Page> ReadAsync(RawConversationQuery query)
    {
        long? count = null;
        var conversations = new List<Exported>();
        await foreach (var part in Raw.ReadAsync(query, CancellationToken.None))
        {
            switch (part)
            {
                case RawConversationCount c:
                    Assert.Null(count);
                    Assert.Empty(conversations);
                    count = c.Count;
                    break;
                case RawConversationStart start:
                    Assert.NotNull(count);
                    conversations.Add(new Exported(start.SenderId, start.Tags, []));
                    break;
                case RawConversationEvent e:
                    Assert.NotEmpty(conversations);
                    conversations[^1].Events.Add(e.Json);
                    break;
            }
        }

        return new Page(count ?? throw new InvalidOperationException("no count"), conversations);
    }

    private async Task DrainAsync(string defaultAssistant = "default")
    {
        var projector = new MetadataProjector(
            fixture.Metadata,
            fixture.Store,
            fixture.Clock,
            Options.Create(new MetadataProjectorOptions { BatchSize = 100 }),
            Options.Create(new AssistantOptions { Default = defaultAssistant }));
        while (await projector.RunOnceAsync(CancellationToken.None) > 0)
        {
        }
    }

    private sealed record Row(string Sender, string Assistant, List<StoredEvent> Events, IReadOnlyList<ConversationTag> Tags);

    private sealed record Exported(string Sender, IReadOnlyList<ConversationTag> Tags, List<string> Events);

    private sealed record Page(long Count, List<Exported> Conversations);
}

public sealed class SqliteRawConversationStoreTests(SqliteDatabase database)
    : RawConversationStoreContract(database), IClassFixture<SqliteDatabase>;

[RequiresPostgreSql]
public sealed class PostgreSqlRawConversationStoreTests(PostgreSqlDatabase<PostgreSqlRawConversationStoreTests> database)
    : RawConversationStoreContract(database), IClassFixture<PostgreSqlDatabase<PostgreSqlRawConversationStoreTests>>;
