using RasaPlatform.Benchmarks.Run.Analytics;
using RasaPlatform.Benchmarks.Run.Listing;

namespace RasaPlatform.Benchmarks.Run.Stores;

/// <summary>
/// A table of the imported events that the run's listing, analytics and statistics questions are asked of in SQL:
/// Rasa's SQLTrackerStore table in the service's engine (<see cref="IRasaEventsTable"/>), or DuckDB's columnar copy
/// of the NDJSON (<see cref="DuckDb.DuckDbEvents"/>). Each says in its dialect how the shared SQL reads an event's fields.
/// </summary>
internal interface IBaselineTable : IAsyncDisposable
{
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
