using System.Data.Common;
using System.Text.Json;
using RasaPlatform.Core.Events;
using Microsoft.Extensions.Options;
using RasaPlatform.Core.Listing;
using RasaPlatform.Core.Metadata;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage.Tests.Infrastructure;
using RasaPlatform.Testing.PostgreSql;
using static RasaPlatform.Storage.Tests.Infrastructure.TestEvents;

namespace RasaPlatform.Storage.Tests;

/// <summary>
/// What every <see cref="IListingFeed"/> must give the in-process listing index: each change exactly once at least,
/// including changes of transactions that were still open while a read ran, removals, flags, and pruning by age.
/// </summary>
public abstract class ListingFeedContract(StoreFixture fixture)
{
    private IListingFeed Feed => fixture.ListingFeed;

    [ContractFact]
    public async Task ReadChanges_AfterReadAll_GiveTheProjectedConversationWithItsNames()
    {
        var before = await Feed.ReadAllAsync(new ListingChanges(), CancellationToken.None);
        var sender = await ProjectedAsync("names", UserSays(10, "Hi ÄRGER", "greet"), ActionBy(11, "utter_greet", "policy_0_MemoizationPolicy", 0.75));

        var rows = new Recorded();
        await Feed.ReadChangesAsync(before, rows, CancellationToken.None);

        var id = await IdAsync(sender);
        var row = Assert.Single(rows.Rows, r => r.ConversationId == id);
        Assert.Equal(11, row.LatestEventTime);
        Assert.Equal(10, row.LatestUserEventTime);
        Assert.Equal(0.75, row.MinimumActionConfidence);
        Assert.Equal(1, row.UserMessages);
        Assert.False(row.Flagged);
        Assert.Contains((id, NameCategory.Intent, "greet"), rows.Names);
        Assert.Contains((id, NameCategory.Action, "utter_greet"), rows.Names);
        Assert.Contains((id, NameCategory.Policy, "MemoizationPolicy"), rows.Names);
        Assert.Equal([(id, "hi ärger")], rows.Texts.Where(t => t.Item1 == id));
    }

    [ContractFact]
    public async Task ReadChanges_OfATransactionOpenDuringARead_AreReadByTheNextRead()
    {
        var sender = await ProjectedAsync("open", UserSays(20, "hi", "greet"));
        var id = await IdAsync(sender);
        var position = await Feed.ReadAllAsync(new ListingChanges(), CancellationToken.None);

        await using var connection = await fixture.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ExecuteAsync(connection, transaction, $"UPDATE conversation_metadata SET n_user_messages = 77 WHERE conversation_id = {id}");
        var during = new Recorded();
        position = await Feed.ReadChangesAsync(position, during, CancellationToken.None);
        await transaction.CommitAsync();
        var after = new Recorded();
        await Feed.ReadChangesAsync(position, after, CancellationToken.None);

        Assert.DoesNotContain(during.Rows, r => r.ConversationId == id && r.UserMessages == 77);
        Assert.Contains(after.Rows, r => r.ConversationId == id && r.UserMessages == 77);
    }

    [ContractFact]
    public async Task ReadChanges_OfAConversationProjectedAgain_GiveItsNewRowNamesAndText()
    {
        var sender = await ProjectedAsync("again", UserSays(70, "first", "greet"));
        var id = await IdAsync(sender);
        var position = await Feed.ReadAllAsync(new ListingChanges(), CancellationToken.None);

        await fixture.Store.WriteAsync([Append(sender, UserSays(71, "second", "goodbye"))], CancellationToken.None);
        await ProjectAsync();
        var rows = new Recorded();
        await Feed.ReadChangesAsync(position, rows, CancellationToken.None);

        Assert.Equal(2, Assert.Single(rows.Rows, r => r.ConversationId == id).UserMessages);
        Assert.Equal(["goodbye", "greet"], rows.Names.Where(n => n.Item1 == id && n.Item2 == NameCategory.Intent).Select(n => n.Item3).Order(StringComparer.Ordinal));
        Assert.Equal([(id, "first\nsecond")], rows.Texts.Where(t => t.Item1 == id));
    }

    [ContractFact]
    public async Task ReadChanges_OfADeletedConversation_IsItsRemoval()
    {
        var sender = await ProjectedAsync("deleted", User(30, "bye"));
        var id = await IdAsync(sender);
        var position = await Feed.ReadAllAsync(new ListingChanges(), CancellationToken.None);

        await fixture.Store.DeleteAsync([sender], CancellationToken.None);
        var rows = new Recorded();
        await Feed.ReadChangesAsync(position, rows, CancellationToken.None);

        Assert.Contains(id, rows.Removed);
        Assert.DoesNotContain(rows.Rows, r => r.ConversationId == id);
    }

    [ContractFact]
    public async Task ReadChanges_OfAFlagAndAnUnflag_MarkTheRowFlaggedThenNot()
    {
        var sender = await ProjectedAsync("flagged", User(40, "hi"));
        var id = await IdAsync(sender);
        var position = await Feed.ReadAllAsync(new ListingChanges(), CancellationToken.None);

        await fixture.Flags.FlagAsync(sender, 40, CancellationToken.None);
        var flagged = new Recorded();
        position = await Feed.ReadChangesAsync(position, flagged, CancellationToken.None);
        await fixture.Flags.UnflagAsync(sender, 40, CancellationToken.None);
        var unflagged = new Recorded();
        await Feed.ReadChangesAsync(position, unflagged, CancellationToken.None);

        Assert.True(Assert.Single(flagged.Rows, r => r.ConversationId == id).Flagged);
        Assert.False(Assert.Single(unflagged.Rows, r => r.ConversationId == id).Flagged);
    }

    [ContractFact]
    public async Task ReadChanges_OfACorrectionSetReplacedAndRemoved_GiveTheConversationEachTime()
    {
        var sender = await ProjectedAsync("corrected", User(45, "hi"));
        var id = await IdAsync(sender);
        var position = await Feed.ReadAllAsync(new ListingChanges(), CancellationToken.None);

        var seen = new List<bool>();
        foreach (var change in new Func<Task>[]
        {
            () => fixture.Corrections.SetAsync(sender, 45, "greet", CancellationToken.None),
            () => fixture.Corrections.SetAsync(sender, 45, "goodbye", CancellationToken.None),
            () => fixture.Corrections.RemoveAsync(sender, 45, CancellationToken.None),
        })
        {
            await change();
            var rows = new Recorded();
            position = await Feed.ReadChangesAsync(position, rows, CancellationToken.None);
            seen.Add(rows.Rows.Any(r => r.ConversationId == id));
        }

        Assert.Equal([true, true, true], seen);
    }

    [ContractFact]
    public async Task Items_CarryTheCorrectionsReadLive()
    {
        var sender = await ProjectedAsync("corrected-items", User(46, "a"), User(47, "b"), User(48, "c"));
        var id = await IdAsync(sender);
        await fixture.Corrections.SetAsync(sender, 48, "third", CancellationToken.None);
        await fixture.Corrections.SetAsync(sender, 46, "first", CancellationToken.None);

        var item = Assert.Single(await Feed.ItemsAsync([id], CancellationToken.None));

        Assert.Equal([new IntentCorrection(46, "first"), new IntentCorrection(48, "third")], item.CorrectedMessages);
    }

    [ContractFact]
    public async Task Prune_ForgetsOnlyChangesOlderThanTheAge()
    {
        var old = await IdAsync(await ProjectedAsync("prune-old", User(50, "a")));
        var recent = await IdAsync(await ProjectedAsync("prune-recent", User(51, "b")));
        await using (var connection = await fixture.OpenConnectionAsync())
        {
            // An hour in the past, by the database's own clock.
            await ExecuteAsync(connection, null, $"UPDATE listing_changes SET changed_at_ms = changed_at_ms - 3600000 WHERE conversation_id = {old}");
        }

        await Feed.PruneAsync(NodaTime.Duration.FromMinutes(10), CancellationToken.None);

        Assert.Equal(0, await ChangesOfAsync(old));
        Assert.True(await ChangesOfAsync(recent) > 0);
    }

    [ContractFact]
    public async Task Items_AreInTheOrderAsked_WithoutUnknownIds()
    {
        var first = await IdAsync(await ProjectedAsync("items-a", User(60, "a")));
        var second = await IdAsync(await ProjectedAsync("items-b", User(61, "b")));

        var items = await Feed.ItemsAsync([second, -5, first], CancellationToken.None);

        Assert.Equal([61d, 60d], items.Select(i => i.Metadata.LatestEventTime!.Value));
        Assert.Equal([[61d], [60d]], items.Select(i => i.UnflaggedMessages));
    }

    private static IncomingEvent UserSays(double timestamp, string text, string intent) => Parse(JsonSerializer.Serialize(new
    {
        @event = "user",
        timestamp,
        text,
        parse_data = new { intent = new { name = intent, confidence = 0.5 } },
    }));

    private static IncomingEvent ActionBy(double timestamp, string name, string policy, double confidence) => Parse(JsonSerializer.Serialize(new
    {
        @event = "action",
        timestamp,
        name,
        policy,
        confidence,
    }));

    private async Task<string> ProjectedAsync(string label, params IncomingEvent[] events)
    {
        var sender = NewSender(label);
        await fixture.Store.WriteAsync([Append(sender, events)], CancellationToken.None);
        await ProjectAsync();
        return sender;
    }

    private async Task ProjectAsync()
    {
        var projector = new MetadataProjector(fixture.Metadata, fixture.Store, fixture.Clock, Options.Create(new MetadataProjectorOptions()));
        while (await projector.RunOnceAsync(CancellationToken.None) > 0)
        {
        }
    }

    private async Task<long> IdAsync(string sender)
    {
        await using var connection = await fixture.OpenConnectionAsync();
        await using var command = connection.CreateCommand();

        // Sender ids made by NewSender hold no quote.
        command.CommandText = $"SELECT id FROM conversations WHERE sender_id = '{sender}'";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<long> ChangesOfAsync(long id)
    {
        await using var connection = await fixture.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM listing_changes WHERE conversation_id = {id}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private sealed class Recorded : IListingSink
    {
        public List<ListingRow> Rows { get; } = [];

        public List<long> Removed { get; } = [];

        public List<(long, NameCategory, string)> Names { get; } = [];

        public void Upsert(in ListingRow row) => Rows.Add(row);

        public void Remove(long conversationId) => Removed.Add(conversationId);

        public void AddName(long conversationId, NameCategory category, string name) => Names.Add((conversationId, category, name));

        public List<(long, string)> Texts { get; } = [];

        public void SetText(long conversationId, byte[] utf8) => Texts.Add((conversationId, System.Text.Encoding.UTF8.GetString(utf8)));

        public List<(long, string)> SlotMatches { get; } = [];

        public void SetSlotMatches(long conversationId, byte[] utf8) => SlotMatches.Add((conversationId, System.Text.Encoding.UTF8.GetString(utf8)));
    }
}

public sealed class SqliteListingFeedTests(SqliteDatabase database) : ListingFeedContract(database), IClassFixture<SqliteDatabase>;

[RequiresPostgreSql]
public sealed class PostgreSqlListingFeedTests(PostgreSqlDatabase<PostgreSqlListingFeedTests> database)
    : ListingFeedContract(database), IClassFixture<PostgreSqlDatabase<PostgreSqlListingFeedTests>>;
