using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Metadata;
using RasaPlatform.Core.Storage;
using RasaPlatform.Core.Tags;
using RasaPlatform.Storage.Tests.Infrastructure;
using RasaPlatform.Testing.PostgreSql;
using static RasaPlatform.Storage.Tests.Infrastructure.TestEvents;

namespace RasaPlatform.Storage.Tests;

/// <summary>What every <see cref="ITagStore"/> adapter must do, with the conversation store's writes, on each real engine.</summary>
/// <remarks>Tests share the database, so each one works on assistants and conversations of its own.</remarks>
public abstract class TagStoreContract(StoreFixture fixture)
{
    protected StoreFixture Fixture { get; } = fixture;

    private ITagStore Tags => Fixture.Tags;

    [ContractFact]
    public async Task Create_ThenList_GivesTheAssistantsTagsOrdinallyByName()
    {
        var (assistant, other) = (NewSender("assistant"), NewSender("other"));
        foreach (var name in new[] { "b", "B", "a", "Ärger", "a b" })
        {
            await CreateAsync(assistant, name);
        }

        await CreateAsync(other, "a");

        var listed = await Tags.ListAsync(assistant, CancellationToken.None);

        Assert.Equal(["B", "a", "a b", "b", "Ärger"], listed.Select(t => t.Name));
        Assert.All(listed, t => Assert.Equal(assistant, t.Assistant));
        Assert.Equal(5, listed.Select(t => t.Id).Distinct().Count());
        Assert.Equal(["a"], (await Tags.ListAsync(other, CancellationToken.None)).Select(t => t.Name));
        Assert.Empty(await Tags.ListAsync(NewSender("nobody"), CancellationToken.None));
    }

    [ContractFact]
    public async Task Create_NameTheAssistantHas_IsADuplicate_OtherAssistantsAndOtherCaseAreNot()
    {
        var (assistant, other) = (NewSender("assistant"), NewSender("other"));
        var first = await CreateAsync(assistant, "bug");

        Assert.Equal(new TagSave(TagSaveResult.DuplicateName), await Tags.CreateAsync(assistant, "bug", CancellationToken.None));
        var otherBug = await CreateAsync(other, "bug");
        var upper = await CreateAsync(assistant, "Bug");

        Assert.Equal([first.Id], (await Tags.ListAsync(assistant, CancellationToken.None)).Where(t => t.Name == "bug").Select(t => t.Id));
        Assert.NotEqual(first.Id, otherBug.Id);
        Assert.NotEqual(first.Id, upper.Id);
    }

    [ContractFact]
    public async Task Get_KnownAndUnknownIds()
    {
        var tag = await CreateAsync(NewSender("assistant"), "known");

        Assert.Equal(tag, await Tags.GetAsync(tag.Id, CancellationToken.None));
        Assert.Null(await Tags.GetAsync(tag.Id + 1_000_000, CancellationToken.None));
    }

    [ContractFact]
    public async Task Rename_KeepsTheLinks_FreesTheOldName_RefusesANameTheAssistantHas()
    {
        var assistant = NewSender("assistant");
        var tag = await CreateAsync(assistant, "old");
        var taken = await CreateAsync(assistant, "taken");
        var sender = await ConversationAsync(assistant);
        await LinkAsync(sender, tag);

        var renamed = await Tags.RenameAsync(tag.Id, "new", CancellationToken.None);

        Assert.Equal(new TagSave(TagSaveResult.Saved, tag with { Name = "new" }), renamed);
        Assert.Equal([tag with { Name = "new" }], await Tags.ReadTagsAsync(sender, CancellationToken.None));
        Assert.Equal(TagSaveResult.Saved, (await Tags.CreateAsync(assistant, "old", CancellationToken.None)).Result);
        Assert.Equal(new TagSave(TagSaveResult.DuplicateName), await Tags.RenameAsync(tag.Id, "taken", CancellationToken.None));
        Assert.Equal(taken, await Tags.GetAsync(taken.Id, CancellationToken.None));
        Assert.Equal(new TagSave(TagSaveResult.Saved, taken), await Tags.RenameAsync(taken.Id, "taken", CancellationToken.None));
        Assert.Equal(new TagSave(TagSaveResult.NoSuchTag), await Tags.RenameAsync(tag.Id + 1_000_000, "x", CancellationToken.None));
    }

    [ContractFact]
    public async Task Rename_ToANameOfAnotherAssistant_IsAllowed()
    {
        var (assistant, other) = (NewSender("assistant"), NewSender("other"));
        var tag = await CreateAsync(assistant, "mine");
        await CreateAsync(other, "theirs");

        Assert.Equal(TagSaveResult.Saved, (await Tags.RenameAsync(tag.Id, "theirs", CancellationToken.None)).Result);
    }

    [ContractFact]
    public async Task Delete_TakesTheTagOffEveryConversation_AndItsIdIsNeverHandedOutAgain()
    {
        var assistant = NewSender("assistant");
        var kept = await CreateAsync(assistant, "kept");
        var tag = await CreateAsync(assistant, "deleted");
        var (a, b) = (await ConversationAsync(assistant), await ConversationAsync(assistant));
        await LinkAsync(a, tag);
        await LinkAsync(b, tag);
        await LinkAsync(b, kept);

        Assert.True(await Tags.DeleteAsync(tag.Id, CancellationToken.None));

        Assert.False(await Tags.DeleteAsync(tag.Id, CancellationToken.None));
        Assert.Null(await Tags.GetAsync(tag.Id, CancellationToken.None));
        Assert.Empty(await Tags.ReadTagsAsync(a, CancellationToken.None));
        Assert.Equal([kept], await Tags.ReadTagsAsync(b, CancellationToken.None));
        Assert.Equal([kept], await Tags.ListAsync(assistant, CancellationToken.None));
        Assert.Empty(await RowsAsync($"SELECT conversation_id FROM conversation_tags WHERE tag_id = {tag.Id}"));
        Assert.Empty(await RowsAsync($"SELECT conversations FROM tag_counts WHERE tag_id = {tag.Id}"));

        // The deleted tag had the largest id; an engine that reused it would give a stale id a new meaning.
        var again = await CreateAsync(assistant, "deleted");
        Assert.True(again.Id > tag.Id, $"{again.Id} after deleting {tag.Id}");
        Assert.Equal(TagLinkResult.NoSuchTag, await LinkAsync(a, tag));
    }

    [ContractFact]
    public async Task FindConversation_TheAssistantIsGivenOnlyWhileTheMetadataIsCurrent()
    {
        var assistant = NewSender("assistant");
        var sender = NewSender("find");
        Assert.Null(await Tags.FindConversationAsync(sender, CancellationToken.None));

        await Fixture.Store.WriteAsync([Append(sender, Said(1, assistant))], CancellationToken.None);
        var unprojected = await Tags.FindConversationAsync(sender, CancellationToken.None);
        Assert.NotNull(unprojected);
        Assert.Null(unprojected.Assistant);

        await DrainAsync();
        Assert.Equal(new TaggableConversation(unprojected.Revision, assistant), await Tags.FindConversationAsync(sender, CancellationToken.None));

        await Fixture.Store.WriteAsync([Append(sender, Said(2, "another"))], CancellationToken.None);
        var stale = await Tags.FindConversationAsync(sender, CancellationToken.None);
        Assert.NotNull(stale);
        Assert.Null(stale.Assistant);
        Assert.NotEqual(unprojected.Revision, stale.Revision);

        await DrainAsync();
        Assert.Equal(new TaggableConversation(stale.Revision, "another"), await Tags.FindConversationAsync(sender, CancellationToken.None));
    }

    [ContractFact]
    public async Task Link_IsIdempotent_AndRead()
    {
        var assistant = NewSender("assistant");
        var (tag, second) = (await CreateAsync(assistant, "z-tag"), await CreateAsync(assistant, "a-tag"));
        var sender = await ConversationAsync(assistant);

        Assert.Equal(TagLinkResult.Linked, await LinkAsync(sender, tag));
        Assert.Equal(TagLinkResult.Linked, await LinkAsync(sender, tag));
        Assert.Equal(TagLinkResult.Linked, await LinkAsync(sender, second));

        Assert.Equal([second, tag], await Tags.ReadTagsAsync(sender, CancellationToken.None));
        Assert.Equal(["1"], await RowsAsync($"SELECT conversations FROM tag_counts WHERE tag_id = {tag.Id}"));
    }

    [ContractFact]
    public async Task Link_RefusedForAnUnknownConversationAChangedOneAnUnknownTagOrAnotherAssistantsTag_ChangingNothing()
    {
        var (assistant, other) = (NewSender("assistant"), NewSender("other"));
        var (tag, foreign) = (await CreateAsync(assistant, "mine"), await CreateAsync(other, "theirs"));
        var sender = await ConversationAsync(assistant);
        var found = (await Tags.FindConversationAsync(sender, CancellationToken.None))!;

        Assert.Equal(TagLinkResult.NoSuchConversation, await Tags.LinkAsync(NewSender("unknown"), tag.Id, assistant, 0, CancellationToken.None));
        Assert.Equal(TagLinkResult.NoSuchTag, await Tags.LinkAsync(sender, tag.Id + 1_000_000, assistant, found.Revision, CancellationToken.None));
        Assert.Equal(TagLinkResult.OtherAssistant, await Tags.LinkAsync(sender, foreign.Id, assistant, found.Revision, CancellationToken.None));
        await Fixture.Store.WriteAsync([Append(sender, User(5, "later"))], CancellationToken.None);
        Assert.Equal(TagLinkResult.ConversationChanged, await Tags.LinkAsync(sender, tag.Id, assistant, found.Revision, CancellationToken.None));

        Assert.Empty(await Tags.ReadTagsAsync(sender, CancellationToken.None));
        Assert.Empty(await RowsAsync($"SELECT conversations FROM tag_counts WHERE tag_id IN ({tag.Id}, {foreign.Id}) AND conversations <> 0"));
    }

    [ContractFact]
    public async Task Unlink_TakesOnlyThatTagOffThatConversation_AndNeverFails()
    {
        var assistant = NewSender("assistant");
        var (tag, kept) = (await CreateAsync(assistant, "tag"), await CreateAsync(assistant, "kept"));
        var (a, b) = (await ConversationAsync(assistant), await ConversationAsync(assistant));
        await LinkAsync(a, tag);
        await LinkAsync(a, kept);
        await LinkAsync(b, tag);

        await Tags.UnlinkAsync(a, tag.Id, CancellationToken.None);
        await Tags.UnlinkAsync(a, tag.Id, CancellationToken.None);
        await Tags.UnlinkAsync(NewSender("unknown"), tag.Id, CancellationToken.None);
        await Tags.UnlinkAsync(b, tag.Id + 1_000_000, CancellationToken.None);

        Assert.Equal([kept], await Tags.ReadTagsAsync(a, CancellationToken.None));
        Assert.Equal([tag], await Tags.ReadTagsAsync(b, CancellationToken.None));
        Assert.Empty(await Tags.ReadTagsAsync(NewSender("unknown"), CancellationToken.None));
        Assert.Equal(["1"], await RowsAsync($"SELECT conversations FROM tag_counts WHERE tag_id = {tag.Id}"));
    }

    [ContractFact]
    public async Task Links_FromManyInstancesAtOnce_AllLand_AndTheCountIsExact()
    {
        var assistant = NewSender("assistant");
        var tag = await CreateAsync(assistant, "busy");
        var senders = new List<string>();
        for (var i = 0; i < 16; i++)
        {
            senders.Add(await ConversationAsync(assistant));
        }

        var stores = senders.Select(_ => Fixture.CreateTagStore()).ToList();
        using var start = new ManualResetEventSlim();
        var links = senders.Select((sender, i) => Task.Run(async () =>
        {
            start.Wait();
            var found = (await stores[i].FindConversationAsync(sender, CancellationToken.None))!;
            return await stores[i].LinkAsync(sender, tag.Id, assistant, found.Revision, CancellationToken.None);
        })).ToList();
        start.Set();

        Assert.All(await Task.WhenAll(links), r => Assert.Equal(TagLinkResult.Linked, r));
        Assert.Equal(["16"], await RowsAsync($"SELECT conversations FROM tag_counts WHERE tag_id = {tag.Id}"));
    }

    [ContractFact]
    public async Task Renames_ToOneNameAtOnce_OneWinsTheOthersAreDuplicates()
    {
        var assistant = NewSender("assistant");
        var tags = new List<ConversationTag>();
        for (var i = 0; i < 8; i++)
        {
            tags.Add(await CreateAsync(assistant, $"tag {i}"));
        }

        using var start = new ManualResetEventSlim();
        var renames = tags.Select(tag => Task.Run(async () =>
        {
            var store = Fixture.CreateTagStore();
            start.Wait();
            return await store.RenameAsync(tag.Id, "wanted", CancellationToken.None);
        })).ToList();
        start.Set();

        var results = await Task.WhenAll(renames);
        Assert.Single(results, r => r.Result == TagSaveResult.Saved);
        Assert.Equal(7, results.Count(r => r.Result == TagSaveResult.DuplicateName));
        Assert.Single(await Tags.ListAsync(assistant, CancellationToken.None), t => t.Name == "wanted");
    }

    [ContractFact]
    public async Task Links_RacingTheTagsDeletion_LeaveNoLinkToIt()
    {
        var assistant = NewSender("assistant");
        var sender = await ConversationAsync(assistant);
        var linker = Fixture.CreateTagStore();
        var deleter = Fixture.CreateTagStore();
        for (var round = 0; round < 20; round++)
        {
            var tag = await CreateAsync(assistant, $"raced {round}");
            var found = (await Tags.FindConversationAsync(sender, CancellationToken.None))!;
            using var start = new ManualResetEventSlim();
            var link = Task.Run(async () =>
            {
                start.Wait();
                return await linker.LinkAsync(sender, tag.Id, assistant, found.Revision, CancellationToken.None);
            });
            var delete = Task.Run(async () =>
            {
                start.Wait();
                return await deleter.DeleteAsync(tag.Id, CancellationToken.None);
            });
            start.Set();

            Assert.Contains(await link, new[] { TagLinkResult.Linked, TagLinkResult.NoSuchTag });
            Assert.True(await delete);
            Assert.Empty(await RowsAsync($"SELECT conversation_id FROM conversation_tags WHERE tag_id = {tag.Id}"));
        }

        Assert.Empty(await Tags.ReadTagsAsync(sender, CancellationToken.None));
    }

    [ContractFact]
    public async Task TagCounts_AreTheCountsOfTheirLinks_AfterLinksUnlinksAndDeletions()
    {
        var assistant = NewSender("assistant");
        var tags = new[] { await CreateAsync(assistant, "one"), await CreateAsync(assistant, "two"), await CreateAsync(assistant, "three") };
        var senders = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            senders.Add(await ConversationAsync(assistant));
        }

        var random = new Random(7);
        foreach (var sender in senders)
        {
            foreach (var tag in tags.Where(_ => random.Next(2) == 0))
            {
                await LinkAsync(sender, tag);
            }
        }

        await Tags.UnlinkAsync(senders[0], tags[0].Id, CancellationToken.None);
        await Fixture.Store.DeleteAsync([senders[1], senders[2]], CancellationToken.None);
        await Tags.DeleteAsync(tags[2].Id, CancellationToken.None);

        var ids = string.Join(", ", tags.Select(t => t.Id.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(
            await RowsAsync($"SELECT tag_id, COUNT(*) FROM conversation_tags WHERE tag_id IN ({ids}) GROUP BY tag_id ORDER BY tag_id"),
            await RowsAsync($"SELECT tag_id, conversations FROM tag_counts WHERE tag_id IN ({ids}) AND conversations <> 0 ORDER BY tag_id"));
    }

    /// <summary>A new conversation of the assistant (a user message naming it), not yet projected.</summary>
    protected async Task<string> ConversationAsync(string assistant)
    {
        var sender = NewSender("conversation");
        await Fixture.Store.WriteAsync([Append(sender, Said(1, assistant))], CancellationToken.None);
        return sender;
    }

    protected async Task<ConversationTag> CreateAsync(string assistant, string name)
    {
        var saved = await Tags.CreateAsync(assistant, name, CancellationToken.None);
        Assert.Equal(TagSaveResult.Saved, saved.Result);
        Assert.Equal(name, saved.Tag!.Name);
        Assert.Equal(assistant, saved.Tag.Assistant);
        return saved.Tag;
    }

    /// <summary>Links as the service does: at the revision its assistant was found at.</summary>
    protected async Task<TagLinkResult> LinkAsync(string sender, ConversationTag tag)
    {
        var found = (await Tags.FindConversationAsync(sender, CancellationToken.None))!;
        return await Tags.LinkAsync(sender, tag.Id, tag.Assistant, found.Revision, CancellationToken.None);
    }

    protected static IncomingEvent Said(double timestamp, string assistant) =>
        Parse(JsonSerializer.Serialize(new { @event = "user", timestamp, text = "hi", metadata = new { assistant_id = assistant } }));

    protected async Task DrainAsync()
    {
        var projector = new MetadataProjector(
            Fixture.Metadata, Fixture.Store, Fixture.Clock, Options.Create(new MetadataProjectorOptions { BatchSize = 100 }));
        while (await projector.RunOnceAsync(CancellationToken.None) > 0)
        {
        }
    }

    /// <summary>The rows of a query, each as its values joined by <c>|</c>.</summary>
    protected async Task<List<string>> RowsAsync(string sql)
    {
        await using var connection = await Fixture.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        }

        return rows;
    }
}

public sealed class SqliteTagStoreTests(SqliteDatabase database) : TagStoreContract(database), IClassFixture<SqliteDatabase>;

[RequiresPostgreSql]
public sealed class PostgreSqlTagStoreTests(PostgreSqlDatabase<PostgreSqlTagStoreTests> database)
    : TagStoreContract(database), IClassFixture<PostgreSqlDatabase<PostgreSqlTagStoreTests>>;
