using RasaPlatform.Benchmarks.Run.Analytics;
using RasaPlatform.Benchmarks.Run.Listing;

namespace RasaPlatform.Benchmarks.Run.Stores;

/// <summary>
/// Rasa's SQLTrackerStore table, <c>events(id, sender_id varchar(255) indexed, type_name, timestamp, intent_name,
/// action_name, data text)</c>: the bare-insert ceiling and the read baseline.
/// </summary>
internal interface IRasaEventsTable : IAsyncDisposable
{
    /// <summary>Inserts <paramref name="rows"/> in one transaction, as fast as the engine takes them.</summary>
    Task InsertAsync(IReadOnlyList<RasaEventRow> rows, CancellationToken cancellationToken);

    /// <summary>
    /// <c>SELECT data FROM events WHERE sender_id = @s [AND type_name IN ('user','bot')] ORDER BY id</c>, reading
    /// every row's text and parsing it as JSON (as Rasa's <c>json.loads</c> per row does).
    /// </summary>
    /// <returns>The number of rows read.</returns>
    Task<int> ReadAsync(string senderId, bool messagesOnly, CancellationToken cancellationToken);

    /// <summary>How the listing's questions are asked of this table in this engine.</summary>
    BaselineSql Sql { get; }

    /// <summary>
    /// Runs <paramref name="query"/>, whose rows are a text (or NULL) and, optionally, a count, with no time limit.
    /// </summary>
    /// <returns>The rows in order; the count is 0 when the query has no second column.</returns>
    Task<IReadOnlyList<(string? Text, long Count)>> QueryAsync(SqlText query, CancellationToken cancellationToken);

    /// <summary>How analytics and statistics are asked of this table in this engine.</summary>
    AnalyticsSql Analytics { get; }

    /// <summary>Runs <paramref name="query"/>, whose columns are all numbers, with no time limit.</summary>
    /// <returns>The rows in order, each column as a double; NULL as NaN.</returns>
    Task<IReadOnlyList<double[]>> QueryNumbersAsync(SqlText query, CancellationToken cancellationToken);

    /// <summary>Records flagged messages in a table <c>flags(sender_id, timestamp)</c> beside <c>events</c>, creating it if needed.</summary>
    Task FlagAsync(IReadOnlyList<(string SenderId, double Timestamp)> messages, CancellationToken cancellationToken);
}
