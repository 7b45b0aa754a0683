using System.Text;
using NodaTime;
using RasaPlatform.Core.Feeds;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage.Tests.Infrastructure;
using RasaPlatform.Testing.PostgreSql;
using static RasaPlatform.Storage.Tests.Infrastructure.TestEvents;

namespace RasaPlatform.Storage.Tests;

/// <summary>
/// What <see cref="IFeedStore"/> must do on every engine: a feed's events, position and rejected messages are
/// committed together or not at all, a redelivered message is stored once, and a deletion takes rejects along.
/// </summary>
public abstract class FeedStoreContract(StoreFixture fixture)
{
    private static readonly Instant Received = Instant.FromUnixTimeSeconds(1_700_000_000);

    private IFeedStore Feeds => fixture.Feeds;

    [ContractFact]
    public async Task Commit_StoresTheEventsAndThePosition_AndAResumeReadsIt()
    {
        var feed = NewSender("feed");
        var sender = NewSender("c");
        var batch = new FeedBatch(feed);
        batch.Add(Message(sender, 1.0, "hi"), "row 1", Received);
        batch.Add(Message(sender, 2.0, "there"), "row 2", Received);

        var result = await Feeds.CommitAsync(batch.Writes, batch.Progress(2), CancellationToken.None);

        Assert.Equal(new IngestResult(2, 0, 1), result);
        Assert.Equal(2, await Feeds.PositionAsync(feed, CancellationToken.None));
        Assert.Null(await Feeds.PositionAsync(NewSender("other"), CancellationToken.None));
        var events = await fixture.Store.ReadEventsAsync(sender, EventQuery.All, CancellationToken.None).ToListAsync();
        Assert.Equal(["""{"event":"user","timestamp":1,"text":"hi"}""", """{"event":"user","timestamp":2,"text":"there"}"""], events.Select(e => e.Json));
    }

    [ContractFact]
    public async Task Commit_WithoutAPositionOrAnEarlierOne_KeepsTheOneStored_AndForgetStartsOver()
    {
        var feed = NewSender("feed");
        await Feeds.CommitAsync([], new FeedProgress(feed, 7, []), CancellationToken.None);
        await Feeds.CommitAsync([], new FeedProgress(feed, null, []), CancellationToken.None);
        await Feeds.CommitAsync([], new FeedProgress(feed, 5, []), CancellationToken.None);
        Assert.Equal(7, await Feeds.PositionAsync(feed, CancellationToken.None));

        await Feeds.ForgetPositionAsync(feed, CancellationToken.None);

        Assert.Null(await Feeds.PositionAsync(feed, CancellationToken.None));
    }

    [ContractFact]
    public async Task RedeliveredMessages_InOneBatchAndAcrossBatches_AreStoredOnce()
    {
        var feed = NewSender("feed");
        var sender = NewSender("c");
        var first = new FeedBatch(feed);
        first.Add(Message(sender, 1.0, "hi"), "q", Received);
        first.Add(Message(sender, 1.0, "hi"), "q", Received);
        first.Add(Message(sender, 2.0, "bye"), "q", Received);
        var again = new FeedBatch(feed);
        again.Add(Message(sender, 2.0, "bye"), "q", Received);
        again.Add(Message(sender, 3.0, "new"), "q", Received);

        var one = await Feeds.CommitAsync(first.Writes, first.Progress(null), CancellationToken.None);
        var two = await Feeds.CommitAsync(again.Writes, again.Progress(null), CancellationToken.None);

        Assert.Equal(new IngestResult(2, 1, 1), one);
        Assert.Equal(new IngestResult(1, 1, 1), two);
        Assert.Equal(3, (await fixture.Store.FindAsync(sender, CancellationToken.None))!.EventCount);
    }

    [ContractFact]
    public async Task Rejects_AreKeptOncePerBody_WithTheirReason_NewestFirst_AndCountedPerFeed()
    {
        var feed = NewSender("feed");
        var batch = new FeedBatch(feed);
        Assert.False(batch.Add("not json"u8.ToArray(), "queue q", Received));
        Assert.False(batch.Add("""{"event":"user","timestamp":1.0}"""u8.ToArray(), "queue q", Received));
        Assert.False(batch.Add((byte[])[.. "{\"sender_id\":\"s"u8, 0, .. "x\"}"u8], "queue q", Received));
        await Feeds.CommitAsync(batch.Writes, batch.Progress(null), CancellationToken.None);
        var redelivered = new FeedBatch(feed);
        redelivered.Add("not json"u8.ToArray(), "queue q", Received);
        await Feeds.CommitAsync(redelivered.Writes, redelivered.Progress(null), CancellationToken.None);

        var counts = await Feeds.RejectCountsAsync(CancellationToken.None);
        var rejects = await Feeds.RejectsAsync(feed, 10, CancellationToken.None);

        Assert.Equal(3, counts[feed]);
        Assert.Equal(["message", "sender_id", "message"], rejects.Select(r => r.Reject.Field));
        Assert.All(rejects, r => Assert.Equal(feed, r.Feed));
        var notJson = rejects[^1].Reject;
        Assert.Equal(("queue q", "not json", (string?)null, Received), (notJson.Source, notJson.Body, notJson.SenderId, notJson.ReceivedAt));
        Assert.Contains("not JSON", notJson.Reason, StringComparison.Ordinal);
        Assert.Equal("{\"sender_id\":\"sx\"}", rejects[0].Reject.Body);
        Assert.Single(await Feeds.RejectsAsync(feed, 1, CancellationToken.None));
        Assert.DoesNotContain(await Feeds.RejectsAsync(NewSender("other"), 10, CancellationToken.None), r => r.Feed == feed);
    }

    [ContractFact]
    public async Task AFailedCommit_StoresNothing_NeitherEventsNorPositionNorRejects()
    {
        var feed = NewSender("feed");
        var sender = NewSender("c");
        await Feeds.CommitAsync([], new FeedProgress(feed, 1, []), CancellationToken.None);
        var batch = new FeedBatch(feed);
        batch.Add(Message(sender, 1.0, "hi"), "row 2", Received);
        batch.Add("[]"u8.ToArray(), "row 3", Received);

        // A reject the store cannot hold (no source) fails the transaction after the events were written in it.
        var broken = batch.Progress(3) with { Rejects = [batch.Rejects[0] with { Source = null! }] };
        await Assert.ThrowsAnyAsync<Exception>(() => Feeds.CommitAsync(batch.Writes, broken, CancellationToken.None));

        Assert.Equal(1, await Feeds.PositionAsync(feed, CancellationToken.None));
        Assert.Null(await fixture.Store.FindAsync(sender, CancellationToken.None));
        Assert.False((await Feeds.RejectCountsAsync(CancellationToken.None)).ContainsKey(feed));
    }

    [ContractFact]
    public async Task DeletingAConversation_DeletesWhatItsSenderSentThatWasRejected()
    {
        var feed = NewSender("feed");
        var sender = NewSender("c");
        var batch = new FeedBatch(feed);
        batch.Add(Message(sender, 1.0, "hi"), "q", Received);
        batch.Add(Encoding.UTF8.GetBytes($$"""{"sender_id":"{{sender}}","event":"user","timestamp":"soon"}"""), "q", Received);
        await Feeds.CommitAsync(batch.Writes, batch.Progress(null), CancellationToken.None);
        Assert.Equal(sender, Assert.Single(await Feeds.RejectsAsync(feed, 10, CancellationToken.None)).Reject.SenderId);

        Assert.Equal(1, await fixture.Store.DeleteAsync([sender], CancellationToken.None));

        Assert.Empty(await Feeds.RejectsAsync(feed, 10, CancellationToken.None));
    }

    private static byte[] Message(string sender, double timestamp, string text) =>
        Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new { sender_id = sender, @event = "user", timestamp, text }));
}

public sealed class SqliteFeedStoreTests(SqliteDatabase database) : FeedStoreContract(database), IClassFixture<SqliteDatabase>;

[RequiresPostgreSql]
public sealed class PostgreSqlFeedStoreTests(PostgreSqlDatabase<PostgreSqlFeedStoreTests> database)
    : FeedStoreContract(database), IClassFixture<PostgreSqlDatabase<PostgreSqlFeedStoreTests>>;
