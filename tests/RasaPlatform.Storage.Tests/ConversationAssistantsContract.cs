using System.Text.Json;
using Microsoft.Extensions.Options;
using RasaPlatform.Core.Access;
using RasaPlatform.Core.Assistants;
using RasaPlatform.Core.Metadata;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage.Tests.Infrastructure;
using RasaPlatform.Testing.PostgreSql;
using static RasaPlatform.Storage.Tests.Infrastructure.TestEvents;

namespace RasaPlatform.Storage.Tests;

/// <summary>
/// What every <see cref="IConversationAssistants"/> adapter must do, and what <see cref="ConversationAccess"/> makes
/// of it over the real store: a limited request judges a conversation by its events as stored now.
/// </summary>
/// <remarks>Tests share the database, so each uses conversations of its own; the projector drains everyone's.</remarks>
public abstract class ConversationAssistantsContract(StoreFixture fixture)
{
    private IConversationAssistants Assistants => fixture.Assistants;

    [ContractFact]
    public async Task Find_UnknownConversation_IsNull()
    {
        Assert.Null(await Assistants.FindAsync(NewSender("unknown"), CancellationToken.None));
    }

    [ContractFact]
    public async Task Find_StoredButNeverFolded_IsNotCurrent()
    {
        var sender = NewSender("unfolded");
        await WriteAsync(sender, WriteMode.Append, "a");

        Assert.Equal(new FoldedAssistant(null, false), await Assistants.FindAsync(sender, CancellationToken.None));
    }

    [ContractFact]
    public async Task Find_FoldedThenWrittenAgain_KeepsTheFoldButIsNoLongerCurrent()
    {
        var sender = NewSender("folded");
        await WriteAsync(sender, WriteMode.Append, "a");
        await ProjectAsync();
        Assert.Equal(new FoldedAssistant("a", true), await Assistants.FindAsync(sender, CancellationToken.None));

        await WriteAsync(sender, WriteMode.Append, "b");

        Assert.Equal(new FoldedAssistant("a", false), await Assistants.FindAsync(sender, CancellationToken.None));
        await ProjectAsync();
        Assert.Equal(new FoldedAssistant("b", true), await Assistants.FindAsync(sender, CancellationToken.None));
    }

    [ContractFact]
    public async Task IsHidden_ConversationOfAnotherAssistant_HiddenFromLimitedRequestsOnly()
    {
        var (mine, theirs, unknown) = (NewSender("mine"), NewSender("theirs"), NewSender("unknown"));
        await WriteAsync(mine, WriteMode.Append, "a");
        await WriteAsync(theirs, WriteMode.Append, "b");
        await ProjectAsync();

        var limited = Access(AssistantAccess.Only(["a"]));
        Assert.False(await limited.IsHiddenAsync(mine, CancellationToken.None));
        Assert.True(await limited.IsHiddenAsync(theirs, CancellationToken.None));
        Assert.False(await limited.IsHiddenAsync(unknown, CancellationToken.None));
        Assert.False(await Access(AssistantAccess.All).IsHiddenAsync(theirs, CancellationToken.None));
        Assert.True(await Access(AssistantAccess.None).IsHiddenAsync(mine, CancellationToken.None));
        Assert.Equal([mine, unknown], await limited.VisibleAsync([theirs, mine, unknown], CancellationToken.None));
    }

    [ContractFact]
    public async Task IsHidden_WrittenToAnotherAssistantSinceTheFold_JudgesByTheEventsAsStoredNow()
    {
        var (moved, unfolded) = (NewSender("moved"), NewSender("unfolded"));
        await WriteAsync(moved, WriteMode.Append, "a");
        await ProjectAsync();
        await WriteAsync(moved, WriteMode.Append, "b");
        await WriteAsync(unfolded, WriteMode.Append, "b");

        Assert.True(await Access(AssistantAccess.Only(["a"])).IsHiddenAsync(moved, CancellationToken.None));
        Assert.True(await Access(AssistantAccess.Only(["a"])).IsHiddenAsync(unfolded, CancellationToken.None));
        Assert.False(await Access(AssistantAccess.Only(["b"])).IsHiddenAsync(moved, CancellationToken.None));
    }

    [ContractFact]
    public async Task IsHidden_EventsNamingNoAssistant_BelongToTheConfiguredDefault()
    {
        var sender = NewSender("default");
        await WriteAsync(sender, WriteMode.Append, null);

        Assert.True(await Access(AssistantAccess.Only(["a"])).IsHiddenAsync(sender, CancellationToken.None));
        Assert.False(await Access(AssistantAccess.Only(["default"])).IsHiddenAsync(sender, CancellationToken.None));
        Assert.False(await Access(AssistantAccess.Only(["main"]), "main").IsHiddenAsync(sender, CancellationToken.None));
        await ProjectAsync();
        Assert.True(await Access(AssistantAccess.Only(["a"])).IsHiddenAsync(sender, CancellationToken.None));
        Assert.False(await Access(AssistantAccess.Only(["default"])).IsHiddenAsync(sender, CancellationToken.None));
    }

    [ContractFact]
    public async Task RefusedAssistant_WritesThatWouldReachAnotherAssistant_NameIt()
    {
        var mine = NewSender("mine");
        await WriteAsync(mine, WriteMode.Append, "a");
        var limited = Access(AssistantAccess.Only(["a"]));

        Assert.Null(await limited.RefusedAssistantAsync(mine, [Event("a"), Event(null)], WriteMode.Append, CancellationToken.None));
        Assert.Null(await limited.RefusedAssistantAsync(mine, [Event(null)], WriteMode.Append, CancellationToken.None));
        Assert.Equal("b", await limited.RefusedAssistantAsync(mine, [Event("b"), Event("a")], WriteMode.Append, CancellationToken.None));
        Assert.Equal("default", await limited.RefusedAssistantAsync(mine, [Event(null)], WriteMode.Replace, CancellationToken.None));
        Assert.Equal("default", await limited.RefusedAssistantAsync(NewSender("new"), [Event(null)], WriteMode.Append, CancellationToken.None));
        Assert.Null(await limited.RefusedAssistantAsync(NewSender("new"), [Event("a")], WriteMode.Replace, CancellationToken.None));
        Assert.Null(await Access(AssistantAccess.All).RefusedAssistantAsync(mine, [Event("b")], WriteMode.Append, CancellationToken.None));
    }

    private ConversationAccess Access(AssistantAccess access, string defaultAssistant = "default")
    {
        var options = Options.Create(new AssistantOptions { Default = defaultAssistant });
        var projector = new MetadataProjector(
            fixture.Metadata, fixture.Store, fixture.Clock, Options.Create(new MetadataProjectorOptions()), options);
        return new(access, new ConversationAssistant(Assistants, projector, options), options);
    }

    /// <summary>A user event whose metadata names <paramref name="assistant"/>, or no assistant when null.</summary>
    private static JsonElement Event(string? assistant, double timestamp = 1) => JsonSerializer.SerializeToElement(assistant is null
        ? new { @event = "user", timestamp, text = "hi", metadata = (object)new { model_id = "m" } }
        : new { @event = "user", timestamp, text = "hi", metadata = (object)new { assistant_id = assistant } });

    private async Task WriteAsync(string sender, WriteMode mode, string? assistant)
    {
        var @event = Parse(Event(assistant, Random.Shared.Next(1, 1_000_000)).GetRawText());
        await fixture.Store.WriteAsync([new ConversationWrite(sender, mode, [@event])], CancellationToken.None);
    }

    private async Task ProjectAsync()
    {
        var projector = new MetadataProjector(
            fixture.Metadata,
            fixture.Store,
            fixture.Clock,
            Options.Create(new MetadataProjectorOptions()));
        while (await projector.RunOnceAsync(CancellationToken.None) > 0)
        {
        }
    }
}
