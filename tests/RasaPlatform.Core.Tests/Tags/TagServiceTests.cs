using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RasaPlatform.Core.Assistants;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Metadata;
using RasaPlatform.Core.Storage;
using RasaPlatform.Core.Tags;
using RasaPlatform.Storage.Sqlite;
using RasaPlatform.Testing;

namespace RasaPlatform.Core.Tests.Tags;

/// <summary>How tagging finds a conversation's assistant, over a real SQLite store (one per test).</summary>
public sealed class TagServiceTests : IAsyncLifetime, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasa-tag-tests", Guid.NewGuid().ToString("N"));
    private readonly FakeClock _clock = FakeClock.At(2024, 5, 1);
    private readonly SqliteConnections _connections;

    public TagServiceTests()
    {
        Directory.CreateDirectory(_folder);
        _connections = new SqliteConnections(Options.Create(new SqliteStoreOptions { Path = Path.Combine(_folder, "store.db") }));
    }

    private SqliteConversationStore Store => new(_connections, _clock);

    private SqliteTagStore TagStore => new(_connections, _clock);

    public Task InitializeAsync() => new SqliteMigrator(_connections, _clock, NullLogger<SqliteMigrator>.Instance).MigrateAsync(CancellationToken.None);

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    public void Dispose() => _connections.Dispose();

    [Fact]
    public async Task Tag_BeforeTheMetadataJobRan_TheAssistantComesFromTheEvents()
    {
        await WriteAsync("c", Said(1, "moodbot"));
        var service = Service();
        var (moodbot, other) = (await CreateAsync(service, "moodbot"), await CreateAsync(service, "default"));

        Assert.Equal(new Tagging(TagLinkResult.Linked, "moodbot"), await service.TagAsync("c", moodbot.Id, CancellationToken.None));
        Assert.Equal(new Tagging(TagLinkResult.OtherAssistant, "moodbot", "default"), await service.TagAsync("c", other.Id, CancellationToken.None));
        Assert.Equal([moodbot], await TagStore.ReadTagsAsync("c", CancellationToken.None));
    }

    [Fact]
    public async Task Tag_MetadataOlderThanTheEvents_TheEventsDecide()
    {
        await WriteAsync("c", Said(1, "first"));
        await DrainAsync();
        await WriteAsync("c", Said(2, "second"));
        var service = Service();
        var (first, second) = (await CreateAsync(service, "first"), await CreateAsync(service, "second"));

        Assert.Equal(TagLinkResult.OtherAssistant, (await service.TagAsync("c", first.Id, CancellationToken.None)).Result);
        Assert.Equal(TagLinkResult.Linked, (await service.TagAsync("c", second.Id, CancellationToken.None)).Result);
    }

    [Fact]
    public async Task Tag_EventsNamingNoAssistant_BelongToTheConfiguredDefault()
    {
        await WriteAsync("c", JsonSerializer.Serialize(new { @event = "user", timestamp = 1, text = "hi" }));
        var service = Service(new AssistantOptions { Default = "house" });
        var house = await CreateAsync(service, "house");

        Assert.Equal(new Tagging(TagLinkResult.Linked, "house"), await service.TagAsync("c", house.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Tag_WritesBetweenTheCheckAndTheLink_StartOver_AndGiveUpAfterMaxAttempts()
    {
        await WriteAsync("c", Said(1, "moodbot"));
        var tag = (await TagStore.CreateAsync("moodbot", "bug", CancellationToken.None)).Tag!;

        var twice = new WritingTagStore(TagStore, Store, writes: 2);
        Assert.Equal(TagLinkResult.Linked, (await Service(tags: twice).TagAsync("c", tag.Id, CancellationToken.None)).Result);
        Assert.Equal(3, twice.Links);

        var always = new WritingTagStore(TagStore, Store, writes: int.MaxValue);
        Assert.Equal(TagLinkResult.ConversationChanged, (await Service(tags: always).TagAsync("c", tag.Id, CancellationToken.None)).Result);
        Assert.Equal(TagService.MaxAttempts, always.Links);
    }

    [Fact]
    public async Task Tag_UnknownConversationOrTag_SaysWhich()
    {
        await WriteAsync("c", Said(1, "moodbot"));
        var service = Service();
        var tag = await CreateAsync(service, "moodbot");

        Assert.Equal(TagLinkResult.NoSuchConversation, (await service.TagAsync("nobody", tag.Id, CancellationToken.None)).Result);
        Assert.Equal(TagLinkResult.NoSuchTag, (await service.TagAsync("c", tag.Id + 1, CancellationToken.None)).Result);
        Assert.Equal("sender_id", (await Assert.ThrowsAsync<InvalidEventException>(() => service.TagAsync("", tag.Id, CancellationToken.None))).Field);
    }

    private static string Said(double timestamp, string assistant) =>
        JsonSerializer.Serialize(new { @event = "user", timestamp, text = "hi", metadata = new { assistant_id = assistant } });

    private static async Task<ConversationTag> CreateAsync(TagService service, string assistant) =>
        (await service.CreateAsync(assistant, "tag of " + assistant, CancellationToken.None)).Tag!;

    private TagService Service(AssistantOptions? assistants = null, ITagStore? tags = null) => new(tags ?? TagStore, Projector(assistants));

    private MetadataProjector Projector(AssistantOptions? assistants = null) => new(
        new SqliteMetadataStore(_connections, _clock),
        Store,
        _clock,
        Options.Create(new MetadataProjectorOptions()),
        Options.Create(assistants ?? new AssistantOptions()));

    private async Task WriteAsync(string sender, string json)
    {
        using var document = JsonDocument.Parse(json);
        var e = EventNormalizer.Normalize(document.RootElement, _clock.GetCurrentInstant(), "event");
        await Store.WriteAsync([new ConversationWrite(sender, WriteMode.Append, [e])], CancellationToken.None);
    }

    private async Task DrainAsync()
    {
        var projector = Projector();
        while (await projector.RunOnceAsync(CancellationToken.None) > 0)
        {
        }
    }

    /// <summary>A tag store that writes to the conversation right before each of its first links, as a busy bot would.</summary>
    private sealed class WritingTagStore(ITagStore inner, IConversationStore store, int writes) : ITagStore
    {
        public int Links { get; private set; }

        public async Task<TagLinkResult> LinkAsync(string senderId, long tagId, string assistant, long revision, CancellationToken cancellationToken)
        {
            if (Links++ < writes)
            {
                using var document = JsonDocument.Parse($$"""{"event":"bot","timestamp":{{Links}},"text":"busy"}""");
                var e = EventNormalizer.Normalize(document.RootElement, NodaTime.Instant.FromUnixTimeSeconds(0), "event");
                await store.WriteAsync([new ConversationWrite(senderId, WriteMode.Append, [e])], cancellationToken);
            }

            return await inner.LinkAsync(senderId, tagId, assistant, revision, cancellationToken);
        }

        public Task<IReadOnlyList<ConversationTag>> ListAsync(string assistant, CancellationToken cancellationToken) => inner.ListAsync(assistant, cancellationToken);

        public Task<ConversationTag?> GetAsync(long tagId, CancellationToken cancellationToken) => inner.GetAsync(tagId, cancellationToken);

        public Task<TagSave> CreateAsync(string assistant, string name, CancellationToken cancellationToken) => inner.CreateAsync(assistant, name, cancellationToken);

        public Task<TagSave> RenameAsync(long tagId, string name, CancellationToken cancellationToken) => inner.RenameAsync(tagId, name, cancellationToken);

        public Task<bool> DeleteAsync(long tagId, CancellationToken cancellationToken) => inner.DeleteAsync(tagId, cancellationToken);

        public Task<TaggableConversation?> FindConversationAsync(string senderId, CancellationToken cancellationToken) =>
            inner.FindConversationAsync(senderId, cancellationToken);

        public Task UnlinkAsync(string senderId, long tagId, CancellationToken cancellationToken) => inner.UnlinkAsync(senderId, tagId, cancellationToken);

        public Task<IReadOnlyList<ConversationTag>> ReadTagsAsync(string senderId, CancellationToken cancellationToken) =>
            inner.ReadTagsAsync(senderId, cancellationToken);
    }
}
