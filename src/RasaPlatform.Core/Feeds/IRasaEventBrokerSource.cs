namespace RasaPlatform.Core.Feeds;

/// <summary>
/// The table Rasa's SQL event broker appends to: <c>events(id, sender_id, data)</c>, one row per event, ids increasing,
/// <c>data</c> a <see cref="BrokerMessage"/>. Only ever read: Rasa's rows are never deleted or changed.
/// </summary>
public interface IRasaEventBrokerSource
{
    /// <summary>What status and errors call the source (never a password).</summary>
    string Name { get; }

    /// <summary>Up to <paramref name="limit"/> rows after <paramref name="afterId"/>, in id order.</summary>
    Task<IReadOnlyList<RasaBrokerRow>> ReadAfterAsync(long afterId, int limit, CancellationToken cancellationToken);

    /// <summary>The highest id in the table; null when it is empty.</summary>
    Task<long?> LatestIdAsync(CancellationToken cancellationToken);
}

/// <summary>A row of the SQL event broker's table.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Data">Its <c>data</c>: the event's JSON with <c>sender_id</c>; null when the row has none.</param>
public sealed record RasaBrokerRow(long Id, string? Data);
