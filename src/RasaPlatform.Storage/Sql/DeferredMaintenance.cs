using System.Data.Common;
using System.Globalization;

namespace RasaPlatform.Storage.Sql;

/// <summary>An index or trigger set aside while maintenance is deferred, with its definition as the catalog gave it.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Kind"><see cref="DeferredMaintenance.Index"/> or <see cref="DeferredMaintenance.Trigger"/>.</param>
/// <param name="Table">The table it belongs to.</param>
/// <param name="Definition">The statement that creates it again.</param>
internal sealed record DeferredObject(string Name, string Kind, string Table, string Definition);

/// <summary>
/// What a large catch-up sets aside and how its end restores it (migration 028): the upkeep a metadata save pays per
/// row that one pass at the end rebuilds for far less.
/// </summary>
/// <remarks>
/// <para>
/// Set aside: the secondary indexes of the metadata and derived-row tables, except unique ones (the saves' conflict
/// targets) and those led by <c>conversation_id</c> (a save's replacement of a conversation's rows reads them); and
/// every trigger on the derived-row tables, which keep <c>name_counts</c> and the analytics sums. Measured on SQLite
/// at M (100,000 conversations), these were three quarters of a rebuild's time: every commit wrote the pages its rows
/// touched in nine metadata indexes and the derived tables' indexes to the WAL again.
/// </para>
/// <para>
/// Restored from their stored definitions: first in one transaction the triggers and the counts and sums recomputed
/// from the rows by the same rules the triggers follow (<see cref="Recompute"/>), then each index in a transaction of
/// its own (writes go on between them). Until the last index is back, maintenance counts as deferred: a new large
/// backlog then finds it so and sets nothing more aside, and saves keep the counts and sums as they would anyway. The
/// metadata table's own triggers (listing changes, training counts) never stop, so the listing index stays current
/// throughout.
/// </para>
/// </remarks>
internal static class DeferredMaintenance
{
    public const string Index = "index";
    public const string Trigger = "trigger";

    /// <summary>Tables whose secondary indexes are set aside.</summary>
    public static readonly IReadOnlyList<string> IndexTables = ["conversation_metadata", .. MetadataRowTables.All.Select(t => t.Name)];

    /// <summary>Tables whose triggers are set aside: every derived-row table (their triggers keep only what <see cref="Recompute"/> recomputes).</summary>
    public static readonly IReadOnlyList<string> TriggerTables = [.. MetadataRowTables.All.Select(t => t.Name)];

    /// <summary>
    /// The counts and sums the set-aside triggers keep, computed again from the rows: <c>name_counts</c> as the name
    /// triggers count (each name row under its conversation's assistant, <c>''</c> without one), then the analytics sums.
    /// </summary>
    public static readonly IReadOnlyList<string> Recompute =
    [
        "DELETE FROM name_counts",
        """
        INSERT INTO name_counts (kind, name, assistant_id, conversations)
        SELECT n.kind, n.name, COALESCE(m.assistant_id, ''), COUNT(*)
        FROM conversation_names n LEFT JOIN conversation_metadata m ON m.conversation_id = n.conversation_id
        GROUP BY n.kind, n.name, COALESCE(m.assistant_id, '')
        """,
        .. PendingAnalytics.Recompute,
    ];

    private const string Deferred = "SELECT name, kind, table_name, definition FROM deferred_maintenance ORDER BY kind, name";

    public const string IsDeferred = "SELECT EXISTS (SELECT 1 FROM deferred_maintenance)";

    /// <summary>The objects set aside now, indexes first.</summary>
    public static async Task<List<DeferredObject>> ReadAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand(transaction, Deferred);
        return await ReadObjectsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads rows of (name, kind, table, definition).</summary>
    public static async Task<List<DeferredObject>> ReadObjectsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var objects = new List<DeferredObject>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            objects.Add(new DeferredObject(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }

        return objects;
    }

    /// <summary>Records each object, then drops it, in the open transaction.</summary>
    public static async Task SetAsideAsync(
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyList<DeferredObject> objects,
        Func<DeferredObject, string> drop,
        CancellationToken cancellationToken)
    {
        foreach (var o in objects)
        {
            await connection.ExecuteAsync(
                transaction,
                "INSERT INTO deferred_maintenance (name, kind, table_name, definition) VALUES (@name, @kind, @table, @definition)",
                cancellationToken,
                ("name", o.Name), ("kind", o.Kind), ("table", o.Table), ("definition", o.Definition)).ConfigureAwait(false);
            await RunAsync(connection, transaction, drop(o), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Creates one object again and takes it off the record, in the open transaction.</summary>
    public static async Task RestoreAsync(DbConnection connection, DbTransaction transaction, DeferredObject deferred, CancellationToken cancellationToken)
    {
        await RunAsync(connection, transaction, deferred.Definition, cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(transaction, "DELETE FROM deferred_maintenance WHERE name = @name", cancellationToken, ("name", deferred.Name)).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates the triggers again, recomputes the counts and sums they keep and takes the triggers off the record, in
    /// the open transaction: from its commit on, saves keep the counts and sums again.
    /// </summary>
    public static async Task RestoreUpkeepAsync(
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyList<DeferredObject> triggers,
        CancellationToken cancellationToken)
    {
        foreach (var o in triggers)
        {
            await RunAsync(connection, transaction, o.Definition, cancellationToken).ConfigureAwait(false);
        }

        foreach (var sql in Recompute)
        {
            await RunAsync(connection, transaction, sql, cancellationToken).ConfigureAwait(false);
        }

        await connection.ExecuteAsync(transaction, "DELETE FROM deferred_maintenance WHERE kind = @kind", cancellationToken, ("kind", Trigger)).ConfigureAwait(false);
    }

    /// <summary>The queue's length, counted in the transaction.</summary>
    public static async Task<long> PendingAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Convert.ToInt64(
            await connection.ScalarAsync(transaction, MetadataSqlText.PendingCount, cancellationToken).ConfigureAwait(false),
            CultureInfo.InvariantCulture);

    /// <summary>One statement with no time limit: a restore at size L runs for minutes.</summary>
    private static async Task RunAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand(transaction, sql);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
