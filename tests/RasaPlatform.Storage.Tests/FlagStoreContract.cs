using System.Globalization;
using NodaTime;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage.Tests.Infrastructure;
using RasaPlatform.Testing.PostgreSql;
using static RasaPlatform.Storage.Tests.Infrastructure.TestEvents;

namespace RasaPlatform.Storage.Tests;

/// <summary>What every <see cref="IFlagStore"/> adapter must do, with the conversation store's writes, on each real engine.</summary>
public abstract class FlagStoreContract(StoreFixture fixture)
{
    /// <summary>Two user messages Botfront stored with this 17-significant-digit timestamp (analytics_conversations.json).</summary>
    private const double SeventeenDigits = 1572900747.3998685;

    private static readonly double[] RaceTimestamps = [1, 2, 3];

    private IFlagStore Flags => fixture.Flags;

    private IConversationStore Store => fixture.Store;

    [ContractFact]
    public async Task Flag_MessageAtTheTimestamp_IsFlaggedAndRead()
    {
        var sender = await ConversationAsync("flag", User(1, "hi"), Bot(2, "hello"), Action(3, "action_listen"));

        Assert.Equal(FlagResult.Flagged, await Flags.FlagAsync(sender, 2, CancellationToken.None));

        Assert.Equal([2d], await FlaggedAsync(sender));
    }

    [ContractFact]
    public async Task Flag_EveryMessageType_CanBeFlagged()
    {
        var sender = await ConversationAsync("types", User(1, "u"), Bot(2, "b"), Parse("""{"event":"agent","timestamp":3,"text":"a"}"""));

        foreach (var timestamp in new[] { 1d, 2d, 3d })
        {
            Assert.Equal(FlagResult.Flagged, await Flags.FlagAsync(sender, timestamp, CancellationToken.None));
        }

        Assert.Equal([1d, 2d, 3d], await FlaggedAsync(sender));
    }

    [ContractFact]
    public async Task Flag_Twice_IsFlaggedBothTimesAndKeepsTheFirstFlag()
    {
        var sender = await ConversationAsync("twice", User(1, "hi"));
        var first = fixture.Clock.GetCurrentInstant();

        Assert.Equal(FlagResult.Flagged, await Flags.FlagAsync(sender, 1, CancellationToken.None));
        fixture.Clock.Advance(Duration.FromMinutes(5));
        Assert.Equal(FlagResult.Flagged, await Flags.FlagAsync(sender, 1, CancellationToken.None));

        Assert.Equal([(1d, first.ToUnixTimeMilliseconds())], await FlagRowsAsync(sender));
    }

    [ContractFact]
    public async Task Flag_SeveralMessagesAtOneTimestamp_IsOneFlagForThemAll()
    {
        var sender = await ConversationAsync("several", User(SeventeenDigits, "test1"), User(SeventeenDigits, "test1"), Bot(SeventeenDigits, "answer"));

        Assert.Equal(FlagResult.Flagged, await Flags.FlagAsync(sender, SeventeenDigits, CancellationToken.None));

        Assert.Equal([SeventeenDigits], await FlaggedAsync(sender));
        Assert.Equal(FlagResult.Unflagged, await Flags.UnflagAsync(sender, SeventeenDigits, CancellationToken.None));
        Assert.Empty(await FlaggedAsync(sender));
    }

    [ContractFact]
    public async Task Flag_SeventeenSignificantDigits_MatchesOnlyTheExactDouble()
    {
        var sender = await ConversationAsync("digits", User(SeventeenDigits, "test1"));
        var printed = double.Parse("1572900747.3998685", CultureInfo.InvariantCulture);

        Assert.Equal(FlagResult.NoSuchMessage, await Flags.FlagAsync(sender, Math.BitDecrement(SeventeenDigits), CancellationToken.None));
        Assert.Equal(FlagResult.NoSuchMessage, await Flags.FlagAsync(sender, Math.BitIncrement(SeventeenDigits), CancellationToken.None));
        Assert.Equal(FlagResult.NoSuchMessage, await Flags.FlagAsync(sender, 1572900747.399868, CancellationToken.None));
        Assert.Empty(await FlaggedAsync(sender));

        Assert.Equal(FlagResult.Flagged, await Flags.FlagAsync(sender, printed, CancellationToken.None));
        Assert.Equal([SeventeenDigits], await FlaggedAsync(sender));
    }

    [ContractFact]
    public async Task Unflag_FlaggedMessage_RemovesOnlyThatFlag()
    {
        var sender = await ConversationAsync("unflag", User(1, "a"), Bot(2, "b"));
        await Flags.FlagAsync(sender, 1, CancellationToken.None);
        await Flags.FlagAsync(sender, 2, CancellationToken.None);

        Assert.Equal(FlagResult.Unflagged, await Flags.UnflagAsync(sender, 1, CancellationToken.None));

        Assert.Equal([2d], await FlaggedAsync(sender));
    }

    [ContractFact]
    public async Task Unflag_MessageNotFlagged_IsUnflaggedAndChangesNothing()
    {
        var sender = await ConversationAsync("not-flagged", User(1, "a"), Bot(2, "b"));
        await Flags.FlagAsync(sender, 2, CancellationToken.None);

        Assert.Equal(FlagResult.Unflagged, await Flags.UnflagAsync(sender, 1, CancellationToken.None));
        Assert.Equal(FlagResult.Unflagged, await Flags.UnflagAsync(sender, 1, CancellationToken.None));

        Assert.Equal([2d], await FlaggedAsync(sender));
    }

    [ContractFact]
    public async Task FlagAndUnflag_UnknownConversation_AreNoSuchConversationAndCreateNothing()
    {
        var sender = NewSender("nobody");

        Assert.Equal(FlagResult.NoSuchConversation, await Flags.FlagAsync(sender, 1, CancellationToken.None));
        Assert.Equal(FlagResult.NoSuchConversation, await Flags.UnflagAsync(sender, 1, CancellationToken.None));

        Assert.Null(await Store.FindAsync(sender, CancellationToken.None));
        Assert.Empty(await FlaggedAsync(sender));
    }

    [ContractFact]
    public async Task FlagAndUnflag_NoMessageAtTheTimestamp_AreNoSuchMessageAndChangeNothing()
    {
        var sender = await ConversationAsync("no-message", User(1, "a"), Action(2, "utter_greet"), Parse("""{"event":"slot","timestamp":3,"name":"s","value":1}"""));
        await Flags.FlagAsync(sender, 1, CancellationToken.None);

        foreach (var timestamp in new[] { 2d, 3d, 4d, 0d, 1.0000001 })
        {
            Assert.Equal(FlagResult.NoSuchMessage, await Flags.FlagAsync(sender, timestamp, CancellationToken.None));
            Assert.Equal(FlagResult.NoSuchMessage, await Flags.UnflagAsync(sender, timestamp, CancellationToken.None));
        }

        Assert.Equal([1d], await FlaggedAsync(sender));
    }

    [ContractFact]
    public async Task Flag_MessageOfAnotherConversation_IsNoSuchMessage()
    {
        var mine = await ConversationAsync("mine", User(1, "a"));
        var other = await ConversationAsync("other", User(2, "b"));

        Assert.Equal(FlagResult.NoSuchMessage, await Flags.FlagAsync(mine, 2, CancellationToken.None));
        Assert.Equal(FlagResult.Flagged, await Flags.FlagAsync(other, 2, CancellationToken.None));

        Assert.Empty(await FlaggedAsync(mine));
        Assert.Equal([2d], await FlaggedAsync(other));
    }

    [ContractTheory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public async Task FlagAndUnflag_NonFiniteTimestamp_Throw(double timestamp)
    {
        var sender = await ConversationAsync("non-finite", User(1, "a"));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Flags.FlagAsync(sender, timestamp, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Flags.UnflagAsync(sender, timestamp, CancellationToken.None));
    }

    [ContractFact]
    public async Task ReadFlagged_IsAscendingAndOnlyTheConversations()
    {
        var sender = await ConversationAsync("order", User(30, "c"), User(10, "a"), Bot(20, "b"), User(0.5, "the first second of Unix time"));
        await ConversationAsync("neighbour", User(15, "x"));
        foreach (var timestamp in new[] { 20d, 30d, 0.5, 10d })
        {
            await Flags.FlagAsync(sender, timestamp, CancellationToken.None);
        }

        Assert.Equal([0.5, 10d, 20d, 30d], await FlaggedAsync(sender));
        Assert.Empty(await FlaggedAsync(NewSender("unknown")));
    }

    [ContractFact]
    public async Task Replace_RemovesTheFlagsWhoseMessageIsGone_AndKeepsTheOthers()
    {
        var sender = await ConversationAsync("replace", User(1, "a"), Bot(2, "b"), User(3, "c"), Bot(4, "d"));
        var neighbour = await ConversationAsync("replace-neighbour", User(2, "x"));
        foreach (var timestamp in new[] { 1d, 2d, 3d, 4d })
        {
            await Flags.FlagAsync(sender, timestamp, CancellationToken.None);
        }

        await Flags.FlagAsync(neighbour, 2, CancellationToken.None);

        // 1 and 4 keep a message (4 another one); 2 is now an action, not a message; 3 is gone.
        await Store.WriteAsync([Replace(sender, User(1, "a"), Action(2, "action_listen"), Bot(4, "new"))], CancellationToken.None);

        Assert.Equal([1d, 4d], await FlaggedAsync(sender));
        Assert.Equal([2d], await FlaggedAsync(neighbour));
    }

    [ContractFact]
    public async Task Replace_WithNoEvents_RemovesEveryFlag()
    {
        var sender = await ConversationAsync("replace-empty", User(1, "a"));
        await Flags.FlagAsync(sender, 1, CancellationToken.None);

        await Store.WriteAsync([Replace(sender)], CancellationToken.None);

        Assert.Empty(await FlaggedAsync(sender));
        Assert.Equal(FlagResult.NoSuchMessage, await Flags.FlagAsync(sender, 1, CancellationToken.None));
    }

    [ContractFact]
    public async Task Replace_ThenAppendInOneCall_KeepsFlagsTheCallsResultMatches()
    {
        var sender = await ConversationAsync("replace-append", User(1, "a"), User(2, "b"));
        await Flags.FlagAsync(sender, 1, CancellationToken.None);
        await Flags.FlagAsync(sender, 2, CancellationToken.None);

        await Store.WriteAsync([Replace(sender, Action(1, "x")), Append(sender, User(2, "b again"))], CancellationToken.None);

        Assert.Equal([2d], await FlaggedAsync(sender));
    }

    [ContractFact]
    public async Task Append_KeepsEveryFlag()
    {
        var sender = await ConversationAsync("append", User(1, "a"));
        await Flags.FlagAsync(sender, 1, CancellationToken.None);

        await Store.WriteAsync([Append(sender, User(1, "a"), Bot(2, "b"))], CancellationToken.None);

        Assert.Equal([1d], await FlaggedAsync(sender));
    }

    [ContractFact]
    public async Task FlagsAndReplaces_FromTwoInstancesAtOnce_NeverLeaveAFlagOnNothing()
    {
        var flags = fixture.CreateFlagStore();
        var store = fixture.CreateConversationStore();
        for (var round = 0; round < 20; round++)
        {
            var sender = await ConversationAsync($"race-{round}", User(1, "a"), User(2, "b"), User(3, "c"));
            using var start = new ManualResetEventSlim();
            var flagging = Task.Run(async () =>
            {
                start.Wait();
                return await Task.WhenAll(RaceTimestamps.Select(t => flags.FlagAsync(sender, t, CancellationToken.None)));
            });
            var replacing = Task.Run(async () =>
            {
                start.Wait();
                await store.WriteAsync([Replace(sender, User(2, "b"), Action(3, "x"))], CancellationToken.None);
            });
            start.Set();
            var results = await flagging;
            await replacing;

            Assert.All(results, r => Assert.True(r is FlagResult.Flagged or FlagResult.NoSuchMessage, r.ToString()));
            Assert.Equal(FlagResult.Flagged, results[1]);
            Assert.Equal([2d], await FlaggedAsync(sender));
        }
    }

    [ContractFact]
    public async Task FlagsAndAppends_OnOneConversationAtOnce_AllSucceed()
    {
        var sender = await ConversationAsync("busy", Enumerable.Range(0, 20).Select(i => User(i, $"m{i}")).ToArray());
        var flags = Enumerable.Range(0, 40).Select(i => Task.Run(() => i % 2 == 0
            ? Flags.FlagAsync(sender, i % 20, CancellationToken.None)
            : Flags.UnflagAsync(sender, (i + 1) % 20, CancellationToken.None))).ToArray();
        var appends = Enumerable.Range(0, 10).Select(i => Task.Run(() => Store.WriteAsync([Append(sender, User(100 + i, "more"))], CancellationToken.None))).ToArray();

        var results = await Task.WhenAll(flags);
        await Task.WhenAll(appends);

        Assert.All(results, r => Assert.True(r is FlagResult.Flagged or FlagResult.Unflagged, r.ToString()));
        Assert.Equal(30, (await Store.FindAsync(sender, CancellationToken.None))!.EventCount);
    }

    private static IncomingEvent Bot(double timestamp, string text) =>
        Parse($$"""{"event":"bot","timestamp":{{timestamp.ToString("R", CultureInfo.InvariantCulture)}},"text":"{{text}}"}""");

    private static IncomingEvent Action(double timestamp, string name) =>
        Parse($$"""{"event":"action","timestamp":{{timestamp.ToString("R", CultureInfo.InvariantCulture)}},"name":"{{name}}"}""");

    private async Task<string> ConversationAsync(string label, params IncomingEvent[] events)
    {
        var sender = NewSender(label);
        await Store.WriteAsync([Append(sender, events)], CancellationToken.None);
        return sender;
    }

    private async Task<List<double>> FlaggedAsync(string sender) => [.. await Flags.ReadFlaggedAsync(sender, CancellationToken.None)];

    /// <summary>The conversation's rows in <c>message_flags</c>, read the way the listing reads them: by conversation id.</summary>
    private async Task<List<(double Timestamp, long FlaggedAtMs)>> FlagRowsAsync(string sender)
    {
        await using var connection = await fixture.OpenConnectionAsync();
        await using var command = connection.CreateCommand();

        // Sender ids made by NewSender hold no quote.
        command.CommandText = $"""
            SELECT f.timestamp, f.flagged_at_ms FROM message_flags f
            WHERE EXISTS (SELECT 1 FROM conversations c WHERE c.id = f.conversation_id AND c.sender_id = '{sender}')
            ORDER BY f.timestamp
            """;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(double, long)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetDouble(0), reader.GetInt64(1)));
        }

        return rows;
    }
}
