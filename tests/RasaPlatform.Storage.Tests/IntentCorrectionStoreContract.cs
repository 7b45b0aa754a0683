using System.Globalization;
using NodaTime;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage.Tests.Infrastructure;
using RasaPlatform.Testing.PostgreSql;
using static RasaPlatform.Storage.Tests.Infrastructure.TestEvents;

namespace RasaPlatform.Storage.Tests;

/// <summary>What every <see cref="IIntentCorrectionStore"/> adapter must do, with the conversation store's writes, on each real engine.</summary>
public abstract class IntentCorrectionStoreContract(StoreFixture fixture)
{
    /// <summary>Two user messages Botfront stored with this 17-significant-digit timestamp (analytics_conversations.json).</summary>
    private const double SeventeenDigits = 1572900747.3998685;

    private static readonly double[] RaceTimestamps = [1, 2, 3];

    private IIntentCorrectionStore Corrections => fixture.Corrections;

    private IConversationStore Store => fixture.Store;

    [ContractFact]
    public async Task Set_UserMessage_IsCreatedAndRead()
    {
        var sender = await ConversationAsync("set", User(1, "hi"), Bot(2, "hello"));

        Assert.Equal(CorrectionResult.Created, await Corrections.SetAsync(sender, 1, "greet", CancellationToken.None));

        Assert.Equal([new IntentCorrection(1, "greet")], await Corrections.ReadAsync(sender, CancellationToken.None));
    }

    [ContractFact]
    public async Task Set_Again_IsReplacedWithTheLatestIntentAndTime()
    {
        var sender = await ConversationAsync("again", User(1, "hi"));
        await Corrections.SetAsync(sender, 1, "greet", CancellationToken.None);
        fixture.Clock.Advance(Duration.FromMinutes(5));
        var later = fixture.Clock.GetCurrentInstant();

        Assert.Equal(CorrectionResult.Replaced, await Corrections.SetAsync(sender, 1, "hello", CancellationToken.None));
        Assert.Equal(CorrectionResult.Replaced, await Corrections.SetAsync(sender, 1, "hello", CancellationToken.None));

        Assert.Equal([new IntentCorrection(1, "hello")], await Corrections.ReadAsync(sender, CancellationToken.None));
        var corrected = Assert.Single(await CorrectedAsync(sender));
        Assert.Equal(later, corrected.CorrectedAt);
    }

    [ContractFact]
    public async Task Set_BotAgentActionOrNoEvent_IsNoSuchUserMessageAndChangesNothing()
    {
        var sender = await ConversationAsync(
            "not-user",
            User(1, "u"),
            Bot(2, "b"),
            Parse("""{"event":"agent","timestamp":3,"text":"a"}"""),
            Parse("""{"event":"action","timestamp":4,"name":"utter_x"}"""));

        foreach (var timestamp in new[] { 2d, 3d, 4d, 5d, Math.BitIncrement(1d) })
        {
            Assert.Equal(CorrectionResult.NoSuchUserMessage, await Corrections.SetAsync(sender, timestamp, "x", CancellationToken.None));
        }

        Assert.Empty(await Corrections.ReadAsync(sender, CancellationToken.None));
    }

    [ContractFact]
    public async Task Set_SeventeenSignificantDigits_MatchesOnlyTheExactDouble()
    {
        var sender = await ConversationAsync("digits", User(SeventeenDigits, "test1"));

        Assert.Equal(CorrectionResult.NoSuchUserMessage, await Corrections.SetAsync(sender, 1572900747.399868, "x", CancellationToken.None));
        Assert.Equal(
            CorrectionResult.Created,
            await Corrections.SetAsync(sender, double.Parse("1572900747.3998685", CultureInfo.InvariantCulture), "x", CancellationToken.None));

        Assert.Equal([new IntentCorrection(SeventeenDigits, "x")], await Corrections.ReadAsync(sender, CancellationToken.None));
    }

    [ContractFact]
    public async Task SetAndRemove_UnknownConversation_AreNoSuchConversationAndCreateNothing()
    {
        var sender = NewSender("nobody");

        Assert.Equal(CorrectionResult.NoSuchConversation, await Corrections.SetAsync(sender, 1, "x", CancellationToken.None));
        Assert.Equal(CorrectionResult.NoSuchConversation, await Corrections.RemoveAsync(sender, 1, CancellationToken.None));

        Assert.Null(await Store.FindAsync(sender, CancellationToken.None));
    }

    [ContractFact]
    public async Task Remove_RemovesOnlyThatCorrection_AndIsRemovedAlsoWhenThereIsNone()
    {
        var sender = await ConversationAsync("remove", User(1, "a"), User(2, "b"));
        await Corrections.SetAsync(sender, 1, "one", CancellationToken.None);
        await Corrections.SetAsync(sender, 2, "two", CancellationToken.None);

        Assert.Equal(CorrectionResult.Removed, await Corrections.RemoveAsync(sender, 1, CancellationToken.None));
        Assert.Equal(CorrectionResult.Removed, await Corrections.RemoveAsync(sender, 1, CancellationToken.None));
        Assert.Equal(CorrectionResult.Removed, await Corrections.RemoveAsync(sender, 99, CancellationToken.None));

        Assert.Equal([new IntentCorrection(2, "two")], await Corrections.ReadAsync(sender, CancellationToken.None));
    }

    [ContractTheory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public async Task SetAndRemove_NonFiniteTimestamp_Throw(double timestamp)
    {
        var sender = await ConversationAsync("non-finite", User(1, "a"));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Corrections.SetAsync(sender, timestamp, "x", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Corrections.RemoveAsync(sender, timestamp, CancellationToken.None));
    }

    [ContractFact]
    public async Task Replace_RemovesTheCorrectionsWhoseUserMessageIsGone_AndKeepsTheOthers()
    {
        var sender = await ConversationAsync("replace", User(1, "a"), User(2, "b"), User(3, "c"));
        var neighbour = await ConversationAsync("replace-neighbour", User(2, "x"));
        foreach (var timestamp in new[] { 1d, 2d, 3d })
        {
            await Corrections.SetAsync(sender, timestamp, $"i{timestamp}", CancellationToken.None);
        }

        await Corrections.SetAsync(neighbour, 2, "n", CancellationToken.None);

        // 1 keeps a user message (another text); 2 is now a bot message, not a user one; 3 is gone.
        await Store.WriteAsync([Replace(sender, User(1, "a again"), Bot(2, "b"))], CancellationToken.None);

        Assert.Equal([new IntentCorrection(1, "i1")], await Corrections.ReadAsync(sender, CancellationToken.None));
        Assert.Equal([new IntentCorrection(2, "n")], await Corrections.ReadAsync(neighbour, CancellationToken.None));
    }

    [ContractFact]
    public async Task Append_KeepsEveryCorrection()
    {
        var sender = await ConversationAsync("append", User(1, "a"));
        await Corrections.SetAsync(sender, 1, "x", CancellationToken.None);

        await Store.WriteAsync([Append(sender, User(2, "b"))], CancellationToken.None);

        Assert.Equal([new IntentCorrection(1, "x")], await Corrections.ReadAsync(sender, CancellationToken.None));
    }

    [ContractFact]
    public async Task Delete_RemovesTheConversationsCorrections_AndAStoreWrittenAgainHasNone()
    {
        var sender = await ConversationAsync("delete", User(1, "a"));
        await Corrections.SetAsync(sender, 1, "x", CancellationToken.None);

        Assert.Equal(1, await Store.DeleteAsync([sender], CancellationToken.None));
        await Store.WriteAsync([Append(sender, User(1, "a"))], CancellationToken.None);

        Assert.Empty(await Corrections.ReadAsync(sender, CancellationToken.None));
        Assert.Empty(await CorrectedAsync(sender));
    }

    [ContractFact]
    public async Task Changes_AreRecordedForTheListingIndex()
    {
        var sender = await ConversationAsync("changes", User(1, "a"));
        var before = await ChangesAsync(sender);

        await Corrections.SetAsync(sender, 1, "x", CancellationToken.None);
        var afterInsert = await ChangesAsync(sender);
        await Corrections.SetAsync(sender, 1, "y", CancellationToken.None);
        var afterUpdate = await ChangesAsync(sender);
        await Corrections.RemoveAsync(sender, 1, CancellationToken.None);
        var afterDelete = await ChangesAsync(sender);

        Assert.True(before < afterInsert && afterInsert < afterUpdate && afterUpdate < afterDelete, $"{before}, {afterInsert}, {afterUpdate}, {afterDelete}");
    }

    [ContractFact]
    public async Task ReadCorrectedMessages_GiveEachUserEventAtTheTimestampAsStored_WithinInclusiveBounds()
    {
        var sender = await ConversationAsync(
            "export",
            Parse("""{"event":"user","timestamp":10,"text":"first","parse_data":{"entities":[{"entity":"e","start":0,"end":5,"value":"first"}]}}"""),
            User(10, "twin"),
            Bot(10, "not a user message"),
            User(20, "second"),
            User(30, "third"));
        foreach (var timestamp in new[] { 10d, 20d, 30d })
        {
            await Corrections.SetAsync(sender, timestamp, $"at{timestamp}", CancellationToken.None);
        }

        var all = await CorrectedAsync(sender);
        var bounded = (await CorrectedAsync(sender, 10, 20)).Select(m => (m.MessageTimestamp, m.Intent)).Order().ToList();
        var fromTwenty = (await CorrectedAsync(sender, 20, null)).Select(m => m.MessageTimestamp).Order().ToList();

        Assert.Equal(4, all.Count);
        Assert.Contains(all, m => m.EventJson.Contains("\"entities\":[{\"entity\":\"e\"", StringComparison.Ordinal) && m.Intent == "at10");
        Assert.Equal([(10d, "at10"), (10d, "at10"), (20d, "at20")], bounded);
        Assert.Equal([20d, 30d], fromTwenty);
    }

    [ContractFact]
    public async Task SetsAndReplaces_FromTwoInstancesAtOnce_NeverLeaveACorrectionOnNothing()
    {
        var corrections = fixture.CreateCorrectionStore();
        var store = fixture.CreateConversationStore();
        for (var round = 0; round < 20; round++)
        {
            var sender = await ConversationAsync($"race-{round}", User(1, "a"), User(2, "b"), User(3, "c"));
            using var start = new ManualResetEventSlim();
            var setting = Task.Run(async () =>
            {
                start.Wait();
                return await Task.WhenAll(RaceTimestamps.Select(t => corrections.SetAsync(sender, t, "x", CancellationToken.None)));
            });
            var replacing = Task.Run(async () =>
            {
                start.Wait();
                await store.WriteAsync([Replace(sender, User(2, "b"), Bot(3, "c"))], CancellationToken.None);
            });
            start.Set();
            var results = await setting;
            await replacing;

            Assert.All(results, r => Assert.True(r is CorrectionResult.Created or CorrectionResult.NoSuchUserMessage, r.ToString()));
            Assert.Equal(CorrectionResult.Created, results[1]);
            Assert.Equal([new IntentCorrection(2, "x")], await Corrections.ReadAsync(sender, CancellationToken.None));
        }
    }

    [ContractFact]
    public async Task ConcurrentSetsOfOneMessage_CreateOnceAndReplaceTheRest()
    {
        var sender = await ConversationAsync("concurrent", User(1, "a"));

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => Corrections.SetAsync(sender, 1, $"i{i}", CancellationToken.None))));

        Assert.Equal(1, results.Count(r => r == CorrectionResult.Created));
        Assert.Equal(9, results.Count(r => r == CorrectionResult.Replaced));
    }

    private static IncomingEvent Bot(double timestamp, string text) =>
        Parse($$"""{"event":"bot","timestamp":{{timestamp.ToString("R", CultureInfo.InvariantCulture)}},"text":"{{text}}"}""");

    private async Task<string> ConversationAsync(string label, params IncomingEvent[] events)
    {
        var sender = NewSender(label);
        await Store.WriteAsync([Append(sender, events)], CancellationToken.None);
        return sender;
    }

    /// <summary>The corrected user events of <paramref name="sender"/> among every conversation's.</summary>
    private async Task<List<CorrectedUserMessage>> CorrectedAsync(string sender, double? start = null, double? until = null)
    {
        var found = new List<CorrectedUserMessage>();
        await foreach (var message in Corrections.ReadCorrectedMessagesAsync(start, until, CancellationToken.None))
        {
            if (message.SenderId == sender)
            {
                found.Add(message);
            }
        }

        return found;
    }

    /// <summary>How many listing changes are recorded for the conversation.</summary>
    private async Task<long> ChangesAsync(string sender)
    {
        await using var connection = await fixture.OpenConnectionAsync();
        await using var command = connection.CreateCommand();

        // Sender ids made by NewSender hold no quote.
        command.CommandText = $"SELECT COUNT(*) FROM listing_changes l JOIN conversations c ON c.id = l.conversation_id WHERE c.sender_id = '{sender}'";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
