using RasaPlatform.Core.Metadata;
using RasaPlatform.Storage.Tests.Infrastructure;
using RasaPlatform.Testing.PostgreSql;
using static RasaPlatform.Storage.Tests.Infrastructure.TestEvents;

namespace RasaPlatform.Storage.Tests;

/// <summary>Deferred maintenance (migration 028): a large catch-up sets indexes and count triggers aside and restores them exactly.</summary>
public abstract partial class MetadataStoreContract
{
    /// <summary>The derived-row tables whose triggers keep only what the restore recomputes: name counts and the analytics sums.</summary>
    private static readonly string[] RecomputedTriggerTables =
        ["conversation_names", "conversation_buckets", "conversation_sessions", "conversation_bucket_names", "marker_sessions", "marker_applications"];

    /// <summary>
    /// A catch-up with maintenance deferred (in batches, with a deletion and new writes meanwhile) leaves every table
    /// as incremental maintenance leaves it, and the schema's indexes and triggers as they were.
    /// </summary>
    [ContractTheory]
    [InlineData(20261208)]
    [InlineData(3)]
    public async Task CatchUp_WithMaintenanceDeferred_EqualsIncrementalRowForRow(int seed)
    {
        var senders = Enumerable.Range(0, 40).Select(i => NewSender($"deferred-{i}")).ToList();
        var random = new Random(seed);
        var generator = new RandomConversations(seed, senders);
        var incremental = new MetadataProjector(Metadata, Store, Fixture.Clock, Microsoft.Extensions.Options.Options.Create(
            new MetadataProjectorOptions { BatchSize = 1, MaximumBatchSize = 1, DeferMaintenanceBacklog = 0 }));
        for (var step = 0; step < 60; step++)
        {
            await Store.WriteAsync(generator.NextBatch(), CancellationToken.None);
            if (random.Next(2) == 0)
            {
                await DrainAsync(incremental);
            }
        }

        await DrainAsync(incremental);
        var schema = await SchemaObjectsAsync();
        Assert.True(await Metadata.EnqueueAllAsync(CancellationToken.None) >= 35);
        var pending = await Metadata.PendingCountAsync(CancellationToken.None);

        // Below the backlog nothing is deferred; at it, the deferrable objects go, and asking again changes nothing.
        Assert.False(await Metadata.DeferMaintenanceAsync(pending + 1, CancellationToken.None));
        Assert.False(await Metadata.IsMaintenanceDeferredAsync(CancellationToken.None));
        Assert.Equal(schema, await SchemaObjectsAsync());
        Assert.True(await Metadata.DeferMaintenanceAsync(pending, CancellationToken.None));
        Assert.True(await Metadata.DeferMaintenanceAsync(pending, CancellationToken.None));
        Assert.True(await Metadata.IsMaintenanceDeferredAsync(CancellationToken.None));
        var deferred = schema.Except(await SchemaObjectsAsync()).ToList();
        Assert.Contains(deferred, o => o.StartsWith("index|", StringComparison.Ordinal));
        Assert.Contains(deferred, o => o.StartsWith("trigger|", StringComparison.Ordinal));

        // A restore while the backlog is still at least the threshold leaves it deferred.
        Assert.False(await Metadata.RestoreMaintenanceAsync(1, CancellationToken.None));
        Assert.True(await Metadata.IsMaintenanceDeferredAsync(CancellationToken.None));

        // The catch-up in batches, with writes and a deletion meanwhile, by a store and a projector opened afresh (as
        // after a restart): the projector finds maintenance deferred and restores it once the queue is worked off.
        var restarted = Fixture.CreateMetadataStore();
        var catchUp = new MetadataProjector(restarted, Store, Fixture.Clock, Microsoft.Extensions.Options.Options.Create(
            new MetadataProjectorOptions { BatchSize = 9, MaximumBatchSize = 9, DeferMaintenanceBacklog = 10_000 }));
        Assert.True(await catchUp.RunOnceAsync(CancellationToken.None) > 0);
        Assert.True(await restarted.IsMaintenanceDeferredAsync(CancellationToken.None));
        await Store.WriteAsync(generator.NextBatch(), CancellationToken.None);
        var deleted = senders.First(s => Store.FindAsync(s, CancellationToken.None).Result is not null);
        Assert.Equal(1, await Store.DeleteAsync([deleted], CancellationToken.None));
        await DrainAsync(catchUp);
        Assert.False(await restarted.IsMaintenanceDeferredAsync(CancellationToken.None));
        Assert.False(await restarted.RestoreMaintenanceAsync(1, CancellationToken.None));
        Assert.Equal(schema, await SchemaObjectsAsync());
        var afterDeferred = await DerivedRowsAsync();
        await AssertCountsAreCountsOfTheirRowsAsync();

        // The same store state folded incrementally from scratch: every row, count and sum equal.
        Assert.True(await Metadata.EnqueueAllAsync(CancellationToken.None) > 0);
        await DrainAsync(incremental);
        var expected = await DerivedRowsAsync();
        foreach (var (table, rows) in expected)
        {
            Assert.True(rows.SequenceEqual(afterDeferred[table]), $"{table} differs after the deferred catch-up");
        }
    }

    /// <summary>
    /// What deferring sets aside: no unique index and none led by conversation_id (saves need them), and triggers only
    /// of the tables whose counts and sums the restore recomputes; a new trigger elsewhere must be looked at here.
    /// </summary>
    [ContractFact]
    public async Task DeferMaintenance_SetsAsideOnlyWhatTheRestoreRebuilds()
    {
        var sender = NewSender("deferrable");
        await Store.WriteAsync([Append(sender, Conversation(2))], CancellationToken.None);
        var schema = await SchemaObjectsAsync();
        try
        {
            Assert.True(await Metadata.DeferMaintenanceAsync(1, CancellationToken.None));
            var rows = await StringsAsync("SELECT kind, table_name, name FROM deferred_maintenance");
            var triggers = rows.Where(r => r.StartsWith("trigger|", StringComparison.Ordinal)).Select(r => r.Split('|')[1]).Distinct().Order().ToList();
            Assert.Equal(RecomputedTriggerTables.Order(StringComparer.Ordinal), triggers);
            Assert.DoesNotContain(rows, r => r.Contains("listing_changes", StringComparison.Ordinal));
            Assert.Contains(rows, r => r.StartsWith("index|conversation_metadata|", StringComparison.Ordinal));
            // The names are keyed by conversation (migration 030): the look-up by name is set aside, the key is not.
            Assert.Contains("index|conversation_names|ix_conversation_names_name", rows);
            Assert.DoesNotContain(rows, r => r.Contains("pkey", StringComparison.Ordinal) || r.Contains("autoindex", StringComparison.Ordinal));
        }
        finally
        {
            // The projector restores it once the queue is worked off.
            await DrainAsync(NewProjector());
            Assert.False(await Metadata.IsMaintenanceDeferredAsync(CancellationToken.None));
        }

        Assert.Equal(schema, await SchemaObjectsAsync());
        await AssertProjectedAsync(sender);
        await AssertCountsAreCountsOfTheirRowsAsync();
    }

    /// <summary>The projector defers at its threshold during a catch-up and restores when the backlog is worked off.</summary>
    [ContractFact]
    public async Task Projector_CatchUpAboveTheThreshold_DefersAndRestoresByItself()
    {
        var senders = Enumerable.Range(0, 30).Select(i => NewSender($"threshold-{i}")).ToList();
        await DrainAsync(NewProjector());
        var schema = await SchemaObjectsAsync();
        await Store.WriteAsync([.. senders.Select((s, i) => Append(s, Conversation(i)))], CancellationToken.None);
        var projector = new MetadataProjector(Metadata, Store, Fixture.Clock, Microsoft.Extensions.Options.Options.Create(
            new MetadataProjectorOptions { BatchSize = 4, MaximumBatchSize = 4, DeferMaintenanceBacklog = 10 }));

        Assert.True(await projector.RunOnceAsync(CancellationToken.None) > 0);
        Assert.True(await Metadata.IsMaintenanceDeferredAsync(CancellationToken.None));
        await DrainAsync(projector);
        Assert.False(await Metadata.IsMaintenanceDeferredAsync(CancellationToken.None));

        Assert.Equal(schema, await SchemaObjectsAsync());
        foreach (var sender in senders)
        {
            await AssertProjectedAsync(sender);
        }

        await AssertCountsAreCountsOfTheirRowsAsync();
    }

    /// <summary>The schema's indexes and triggers with their definitions, as "kind|name|definition".</summary>
    private Task<List<string>> SchemaObjectsAsync() => StringsAsync(Fixture is SqliteDatabase
        ? "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL"
        : """
          SELECT 'index', indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()
          UNION ALL
          SELECT 'trigger', g.tgname, pg_get_triggerdef(g.oid) FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid
          WHERE NOT g.tgisinternal AND t.relnamespace = (SELECT n.oid FROM pg_namespace n WHERE n.nspname = current_schema())
          """);
}
