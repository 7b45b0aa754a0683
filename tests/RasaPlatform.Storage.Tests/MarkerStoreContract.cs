using System.Text.Json;
using Microsoft.Extensions.Options;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Markers;
using RasaPlatform.Core.Metadata;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage.Tests.Infrastructure;
using RasaPlatform.Testing.PostgreSql;
using static RasaPlatform.Storage.Tests.Infrastructure.TestEvents;

namespace RasaPlatform.Storage.Tests;

/// <summary>
/// What every <see cref="IMarkerStore"/> adapter must do with the metadata job that evaluates the markers: configurations
/// under versions never reused, results stored per version, never two versions mixed, every conversation evaluated
/// under the newest configuration however a change and a fold interleave.
/// </summary>
/// <remarks>Tests share the database: each uses assistants of its own.</remarks>
public abstract class MarkerStoreContract(StoreFixture fixture)
{
    private const string Configuration = """
        greeted: {intent: greet}
        ordered_after_greeting: {seq: [{intent: greet}, {action: action_order}]}
        never_said_bye: {never: [{intent: bye}]}
        sized: {slot_was_set: size}
        """;

    private IMarkerStore Markers => fixture.Markers;

    private IConversationStore Store => fixture.Store;

    [ContractFact]
    public async Task Put_ThenTheJob_StoresWhereEachMarkerAppliedPerSession()
    {
        var assistant = NewSender("shop");
        var sender = NewSender("markers");
        var (stored, _) = await Markers.PutAsync(assistant, MarkerConfigurationReader.Read(Configuration), fixture.Clock.GetCurrentInstant(), CancellationToken.None);
        await Store.WriteAsync(
            [Append(
                sender,
                Event(assistant, """{"event": "user", "timestamp": 1, "parse_data": {"intent": {"name": "greet"}}}"""),
                Event(assistant, """{"event": "action", "timestamp": 2, "name": "action_session_start"}"""),
                Event(assistant, """{"event": "user", "timestamp": 3, "parse_data": {"intent": {"name": "greet"}}}"""),
                Event(assistant, """{"event": "slot", "timestamp": 4, "name": "size", "value": "large"}"""),
                Event(assistant, """{"event": "action", "timestamp": 5, "name": "action_order"}"""),
                Event(assistant, """{"event": "action", "timestamp": 6, "name": "action_session_start"}"""),
                Event(assistant, """{"event": "user", "timestamp": 7, "parse_data": {"intent": {"name": "bye"}}}"""))],
            CancellationToken.None);

        await DrainAsync();
        var results = (await Markers.ReadConversationAsync(sender, stored.Version, CancellationToken.None))!;

        Assert.False(results.Pending);
        Assert.Equal([new MarkerSession(0, 1, 2), new MarkerSession(1, 5, 6)], results.Results.Sessions);
        Assert.Equal(
            [
                ("never_said_bye", 0, 1, 0, 2.0), ("greeted", 0, 2, 0, 3.0), ("sized", 0, 3, 1, 4.0), ("ordered_after_greeting", 0, 4, 1, 5.0),
                ("sized", 0, 4, 1, 5.0),
            ],
            Applications(results, session: 0));
        Assert.Equal([("never_said_bye", 1, 5, 0, 6.0)], Applications(results, session: 1));
    }

    [ContractFact]
    public async Task Put_Replacing_RemovesTheOldResultsAtOnce_AndTheJobEvaluatesEveryConversationUnderTheNewVersion()
    {
        var assistant = NewSender("shop");
        var senders = Enumerable.Range(0, 3).Select(i => NewSender($"replace-{i}")).ToList();
        var (first, _) = await Markers.PutAsync(assistant, MarkerConfigurationReader.Read("greeted: {intent: greet}"), fixture.Clock.GetCurrentInstant(), CancellationToken.None);
        await Store.WriteAsync([.. senders.Select(s => Append(s, Event(assistant, """{"event": "user", "timestamp": 1, "parse_data": {"intent": {"name": "greet"}}}""")))], CancellationToken.None);
        await DrainAsync();
        Assert.Single((await Markers.ReadConversationAsync(senders[0], first.Version, CancellationToken.None))!.Results.Applications);

        var (second, queued) = await Markers.PutAsync(assistant, MarkerConfigurationReader.Read("welcomed: {intent: greet}"), fixture.Clock.GetCurrentInstant(), CancellationToken.None);

        Assert.True(second.Version > first.Version);
        Assert.Equal(3, queued);
        Assert.Equal(3, await Markers.PendingAsync(assistant, CancellationToken.None));
        foreach (var sender in senders)
        {
            Assert.Empty((await Markers.ReadConversationAsync(sender, first.Version, CancellationToken.None))!.Results.Applications);
            var before = (await Markers.ReadConversationAsync(sender, second.Version, CancellationToken.None))!;
            Assert.True(before.Pending);
            Assert.Empty(before.Results.Applications);
        }

        await DrainAsync();

        Assert.Equal(0, await Markers.PendingAsync(assistant, CancellationToken.None));
        foreach (var sender in senders)
        {
            var after = (await Markers.ReadConversationAsync(sender, second.Version, CancellationToken.None))!;
            Assert.Equal(["welcomed"], after.Results.Applications.Select(a => a.Marker));
        }
    }

    [ContractFact]
    public async Task Put_WhileAFoldWithTheOldConfigurationIsUnderWay_ItsSaveLeavesTheConversationQueued()
    {
        var assistant = NewSender("shop");
        var sender = NewSender("racing");
        var (old, _) = await Markers.PutAsync(assistant, MarkerConfigurationReader.Read("greeted: {intent: greet}"), fixture.Clock.GetCurrentInstant(), CancellationToken.None);
        await Store.WriteAsync([Append(sender, Event(assistant, """{"event": "user", "timestamp": 1, "parse_data": {"intent": {"name": "greet"}}}"""))], CancellationToken.None);
        await DrainAsync();
        await Store.WriteAsync([Append(sender, Event(assistant, """{"event": "user", "timestamp": 2, "parse_data": {"intent": {"name": "greet"}}}"""))], CancellationToken.None);
        var claimed = (await fixture.Metadata.ClaimAsync("slow-instance", 1000, fixture.Clock.GetCurrentInstant().Plus(NodaTime.Duration.FromMinutes(1)), CancellationToken.None))
            .Single(i => i.SenderId == sender);
        var folded = await FoldAsync(claimed, new MarkerSnapshot([(await Markers.GetAsync(assistant, CancellationToken.None))!]));

        var (current, _) = await Markers.PutAsync(assistant, MarkerConfigurationReader.Read("welcomed: {intent: greet}"), fixture.Clock.GetCurrentInstant(), CancellationToken.None);
        await fixture.Metadata.SaveAsync([folded], CancellationToken.None);

        Assert.Equal(old.Version, folded.Markers!.Version);
        Assert.True((await Markers.ReadConversationAsync(sender, current.Version, CancellationToken.None))!.Pending);
        await DrainAsync();
        var results = (await Markers.ReadConversationAsync(sender, current.Version, CancellationToken.None))!;
        Assert.False(results.Pending);
        Assert.Equal(["welcomed", "welcomed"], results.Results.Applications.Select(a => a.Marker));
    }

    [ContractFact]
    public async Task Delete_RemovesTheConfigurationAndItsResults_VersionsAreNeverReused()
    {
        var assistant = NewSender("shop");
        var other = NewSender("support");
        var sender = NewSender("deleted");
        var (first, _) = await Markers.PutAsync(assistant, MarkerConfigurationReader.Read("greeted: {intent: greet}"), fixture.Clock.GetCurrentInstant(), CancellationToken.None);
        await Store.WriteAsync([Append(sender, Event(assistant, """{"event": "user", "timestamp": 1, "parse_data": {"intent": {"name": "greet"}}}"""))], CancellationToken.None);
        await DrainAsync();

        Assert.True(await Markers.DeleteAsync(assistant, fixture.Clock.GetCurrentInstant(), CancellationToken.None));
        Assert.False(await Markers.DeleteAsync(assistant, fixture.Clock.GetCurrentInstant(), CancellationToken.None));

        Assert.Null(await Markers.GetAsync(assistant, CancellationToken.None));
        Assert.False((await Markers.VersionsAsync(CancellationToken.None)).ContainsKey(assistant));
        Assert.Empty((await Markers.ReadConversationAsync(sender, first.Version, CancellationToken.None))!.Results.Applications);
        await DrainAsync();
        Assert.Empty((await Markers.ReadConversationAsync(sender, first.Version, CancellationToken.None))!.Results.Sessions);
        var (again, _) = await Markers.PutAsync(assistant, MarkerConfigurationReader.Read("greeted: {intent: greet}"), fixture.Clock.GetCurrentInstant(), CancellationToken.None);
        var (elsewhere, _) = await Markers.PutAsync(other, MarkerConfigurationReader.Read("greeted: {intent: greet}"), fixture.Clock.GetCurrentInstant(), CancellationToken.None);
        Assert.True(again.Version > first.Version);
        Assert.True(elsewhere.Version > again.Version);
        Assert.Equal(MarkerConfigurationWriter.ToJson(MarkerConfigurationReader.Read("greeted: {intent: greet}")), MarkerConfigurationWriter.ToJson((await Markers.GetAsync(assistant, CancellationToken.None))!.Configuration));
    }

    [ContractFact]
    public async Task DeletingAConversation_RemovesItsResults()
    {
        var assistant = NewSender("shop");
        var sender = NewSender("gone");
        var (stored, _) = await Markers.PutAsync(assistant, MarkerConfigurationReader.Read("greeted: {intent: greet}"), fixture.Clock.GetCurrentInstant(), CancellationToken.None);
        await Store.WriteAsync([Append(sender, Event(assistant, """{"event": "user", "timestamp": 1, "parse_data": {"intent": {"name": "greet"}}}"""))], CancellationToken.None);
        await DrainAsync();

        await Store.DeleteAsync([sender], CancellationToken.None);

        Assert.Null(await Markers.ReadConversationAsync(sender, stored.Version, CancellationToken.None));
        Assert.Equal(0, await CountAsync($"SELECT COUNT(*) FROM marker_applications WHERE version = {stored.Version}"));
    }

    /// <summary>
    /// Live evaluation (writes interleaved with the job's batches, configurations changed midway) leaves every
    /// conversation with what a full evaluation of its events under the current configuration gives.
    /// </summary>
    [ContractTheory]
    [InlineData(2612)]
    [InlineData(5)]
    public async Task Live_WithWritesAndAChangeInterleaved_EqualsAFullEvaluation(int seed)
    {
        var senders = Enumerable.Range(0, 25).Select(i => NewSender($"live-{i}")).ToList();
        var random = new Random(seed);
        var generator = new RandomConversations(seed, senders, sessions: true);
        var projector = NewProjector(batchSize: 4);
        await Markers.PutAsync("assistant-1", MarkerConfigurationReader.Read(Configuration), fixture.Clock.GetCurrentInstant(), CancellationToken.None);
        for (var step = 0; step < 50; step++)
        {
            await Store.WriteAsync(generator.NextBatch(), CancellationToken.None);
            if (random.Next(3) == 0)
            {
                await projector.RunOnceAsync(CancellationToken.None);
            }

            if (step == 25)
            {
                var now = fixture.Clock.GetCurrentInstant();
                await Markers.PutAsync("default", MarkerConfigurationReader.Read(Configuration), now, CancellationToken.None);
                await Markers.PutAsync("assistant-1", MarkerConfigurationReader.Read("bye_then_greet: {seq: [{intent: bye}, {intent: greet}]}\nno_size: {slot_was_not_set: size}"), now, CancellationToken.None);
            }
        }

        while (await projector.RunOnceAsync(CancellationToken.None) > 0)
        {
        }

        var snapshot = new MarkerSnapshot(await Markers.ListAsync(CancellationToken.None));
        var evaluated = 0;
        foreach (var sender in senders)
        {
            if (await Store.FindAsync(sender, CancellationToken.None) is null)
            {
                continue;
            }

            var builder = new MetadataBuilder(sender, keepMarkerEvents: true);
            await foreach (var e in Store.ReadEventsAsync(sender, EventQuery.All, CancellationToken.None))
            {
                builder.Add(e);
            }

            var assistant = builder.Build().AssistantId ?? "default";
            if (snapshot.For(assistant) is not { } markers)
            {
                continue;
            }

            var expected = markers.Evaluator.Evaluate(builder.MarkerEvents!);
            var stored = (await Markers.ReadConversationAsync(sender, markers.Version, CancellationToken.None))!;
            Assert.False(stored.Pending);
            Assert.Equal(expected.Sessions, stored.Results.Sessions);
            Assert.Equal(
                expected.Applications.OrderBy(a => a.SessionIndex).ThenBy(a => a.EventIndex).ThenBy(a => a.Marker, StringComparer.Ordinal),
                stored.Results.Applications.OrderBy(a => a.SessionIndex).ThenBy(a => a.EventIndex).ThenBy(a => a.Marker, StringComparer.Ordinal));
            evaluated++;
        }

        Assert.True(evaluated >= 10, $"{evaluated} conversations evaluated");
    }

    /// <summary>
    /// The statistics read from the sums and the rows of the quarter hours a range's edges cut (migration 029) count
    /// exactly what the result rows hold, for ranges open, closed, empty, on quarter-hour edges and on session starts;
    /// and so they do after a catch-up with maintenance deferred recomputed the sums.
    /// </summary>
    [ContractTheory]
    [InlineData(29)]
    [InlineData(2026)]
    public async Task Statistics_FromSumsAndEdgeRows_CountWhatTheRowsHold(int seed)
    {
        var senders = Enumerable.Range(0, 30).Select(i => NewSender($"sums-{i}")).ToList();
        var generator = new RandomConversations(seed, senders, sessions: true, days: 4);
        var now = fixture.Clock.GetCurrentInstant();
        var versions = new List<long>();
        foreach (var assistant in new[] { "assistant-0", "assistant-2", "default" })
        {
            versions.Add((await Markers.PutAsync(assistant, MarkerConfigurationReader.Read(Configuration), now, CancellationToken.None)).Stored.Version);
        }

        var projector = NewProjector(batchSize: 7);
        for (var step = 0; step < 40; step++)
        {
            await Store.WriteAsync(generator.NextBatch(), CancellationToken.None);
            if (step % 4 == 0)
            {
                await projector.RunOnceAsync(CancellationToken.None);
            }
        }

        await Store.DeleteAsync([senders[3], senders[7]], CancellationToken.None);
        await DrainAsync();
        var random = new Random(seed);
        await AssertStatisticsCountTheRowsAsync(versions, random);

        // A catch-up with maintenance deferred: the sums recomputed from the rows at its end are the same.
        var sums = await RowsAsync("SELECT version, grain, bucket, marker, preceding_user_turns, applications, sessions_applied FROM marker_sums WHERE applications <> 0 OR sessions_applied <> 0");
        Assert.True(await fixture.Metadata.EnqueueAllAsync(CancellationToken.None) > 0);
        Assert.True(await fixture.Metadata.DeferMaintenanceAsync(1, CancellationToken.None));
        await DrainAsync();
        Assert.False(await fixture.Metadata.IsMaintenanceDeferredAsync(CancellationToken.None));
        Assert.Equal(sums, await RowsAsync("SELECT version, grain, bucket, marker, preceding_user_turns, applications, sessions_applied FROM marker_sums WHERE applications <> 0 OR sessions_applied <> 0"));
        await AssertStatisticsCountTheRowsAsync(versions, random);
    }

    private async Task AssertStatisticsCountTheRowsAsync(IReadOnlyList<long> versions, Random random)
    {
        // Over all time, per version: the sums hold the rows' counts, and nothing is left pending.
        Assert.Equal(
            await RowsAsync("SELECT version, COUNT(*) FROM marker_sessions GROUP BY version"),
            await RowsAsync($"SELECT version, sessions FROM marker_session_sums WHERE grain = 0 AND sessions <> 0"));
        Assert.Equal(
            await RowsAsync("SELECT version, marker, preceding_user_turns, COUNT(*), SUM(first_in_session) FROM marker_applications GROUP BY version, marker, preceding_user_turns"),
            await RowsAsync("SELECT version, marker, preceding_user_turns, applications, sessions_applied FROM marker_sums WHERE grain = 0 AND (applications <> 0 OR sessions_applied <> 0)"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM marker_pending_sessions"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM marker_pending_applications"));

        var checkedSessions = 0;
        foreach (var version in versions)
        {
            var all = await Markers.SessionsAsync(version, null, null, null, 0, 100_000, CancellationToken.None);
            checkedSessions += all.Count;
            var starts = all.Select(s => s.Session.StartTime).ToList();
            double Any() => starts.Count == 0 ? 1_700_000_000 : starts[random.Next(starts.Count)];
            double OnAnEdge() => Math.Floor(Any() / 900) * 900;
            double Between() => Any() + ((random.NextDouble() - 0.5) * 86_400);
            var ranges = new List<(double? Start, double? Until)>
            {
                (null, null), (null, Between()), (Between(), null), (OnAnEdge(), OnAnEdge() + 900), (Any(), Any()), (OnAnEdge(), null),
            };
            for (var i = 0; i < 12; i++)
            {
                ranges.Add((Between(), Between()));
                ranges.Add((OnAnEdge(), Between()));
                ranges.Add((Any(), OnAnEdge()));
            }

            foreach (var (start, until) in ranges)
            {
                var expected = Counted(all.Where(s => s.Session.StartTime >= (start ?? double.MinValue) && s.Session.StartTime <= (until ?? double.MaxValue)));
                var actual = await Markers.CountAsync(version, start, until, CancellationToken.None);
                var range = $"version {version}, [{start}, {until}]";
                Assert.True(expected.TotalSessions == actual.TotalSessions, $"{range}: {actual.TotalSessions} sessions, expected {expected.TotalSessions}");
                Assert.Equal(expected.SessionsApplied.OrderBy(p => p.Key, StringComparer.Ordinal), actual.SessionsApplied.OrderBy(p => p.Key, StringComparer.Ordinal));
                Assert.Equal(
                    expected.Turns.SelectMany(p => p.Value.Select(t => (p.Key, t.Key, t.Value))).Order(),
                    actual.Turns.SelectMany(p => p.Value.Select(t => (p.Key, t.Key, t.Value))).Order());
            }
        }

        Assert.True(checkedSessions >= 20, $"{checkedSessions} sessions");
    }

    /// <summary>The counts of the statistics, taken from each session's applications.</summary>
    private static MarkerCounts Counted(IEnumerable<(string SenderId, MarkerSession Session, IReadOnlyList<(string Marker, int EventIndex, int Turns)> Applications)> sessions)
    {
        var list = sessions.ToList();
        var applied = list.SelectMany(s => s.Applications.Select(a => a.Marker).Distinct()).GroupBy(m => m, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        var turns = list.SelectMany(s => s.Applications).GroupBy(a => a.Marker, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyDictionary<long, long>)g.GroupBy(a => (long)a.Turns).ToDictionary(t => t.Key, t => (long)t.Count()),
                StringComparer.Ordinal);
        return new MarkerCounts(list.Count, applied, turns);
    }

    /// <summary>Rows as their columns joined by "|", ordinally sorted.</summary>
    private async Task<List<string>> RowsAsync(string sql)
    {
        await using var connection = await fixture.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return [.. rows.Order(StringComparer.Ordinal)];
    }

    private static List<(string, int, int, int, double)> Applications(StoredConversationMarkers results, int session) =>
        [.. results.Results.Applications
            .Where(a => a.SessionIndex == session)
            .OrderBy(a => a.EventIndex).ThenBy(a => a.Marker, StringComparer.Ordinal)
            .Select(a => (a.Marker, a.SessionIndex, a.EventIndex, a.PrecedingUserTurns, a.Timestamp))];

    private static IncomingEvent Event(string assistant, string json)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        node["metadata"] = new System.Text.Json.Nodes.JsonObject { ["assistant_id"] = assistant };
        return Parse(node.ToJsonString());
    }

    private MetadataProjector NewProjector(int batchSize = 100) => new(
        fixture.Metadata,
        Store,
        fixture.Clock,
        Options.Create(new MetadataProjectorOptions { BatchSize = batchSize }),
        markers: new MarkerDefinitions(Markers));

    private async Task DrainAsync()
    {
        var projector = NewProjector();
        while (await projector.RunOnceAsync(CancellationToken.None) > 0)
        {
        }
    }

    /// <summary>What the job would save for the claimed item, folded with <paramref name="markers"/>.</summary>
    private async Task<MetadataUpdate> FoldAsync(MetadataWorkItem item, MarkerSnapshot markers)
    {
        var builder = new MetadataBuilder(item.SenderId, keepMarkerEvents: true);
        await foreach (var e in Store.ReadEventsAsync(item.SenderId, EventQuery.All, CancellationToken.None))
        {
            builder.Add(e);
        }

        var metadata = builder.Build();
        return new MetadataUpdate(item.ConversationId, item.Revision, metadata, null, markers.Evaluate(metadata.AssistantId, builder.MarkerEvents));
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = await fixture.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

public sealed class SqliteMarkerStoreTests(SqliteDatabase database)
    : MarkerStoreContract(database), IClassFixture<SqliteDatabase>;

[RequiresPostgreSql]
public sealed class PostgreSqlMarkerStoreTests(PostgreSqlDatabase<PostgreSqlMarkerStoreTests> database)
    : MarkerStoreContract(database), IClassFixture<PostgreSqlDatabase<PostgreSqlMarkerStoreTests>>;
