namespace RasaPlatform.Benchmarks.Run.Stores;

/// <summary>
/// Rasa's SQLTrackerStore table, <c>events(id, sender_id varchar(255) indexed, type_name, timestamp, intent_name,
/// action_name, data text)</c>: the bare-insert ceiling and the read baseline.
/// </summary>
internal interface IRasaEventsTable : IBaselineTable
{
    /// <summary>Inserts <paramref name="rows"/> in one transaction, as fast as the engine takes them.</summary>
    Task InsertAsync(IReadOnlyList<RasaEventRow> rows, CancellationToken cancellationToken);

    /// <summary>
    /// <c>SELECT data FROM events WHERE sender_id = @s [AND type_name IN ('user','bot')] ORDER BY id</c>, reading
    /// every row's text and parsing it as JSON (as Rasa's <c>json.loads</c> per row does).
    /// </summary>
    /// <returns>The number of rows read.</returns>
    Task<int> ReadAsync(string senderId, bool messagesOnly, CancellationToken cancellationToken);
}
