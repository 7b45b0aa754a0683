using System.Globalization;
using System.Text;
using NodaTime;
using RasaPlatform.Benchmarks.Run.Listing;

namespace RasaPlatform.Benchmarks.Run.Analytics;

/// <summary>
/// Analytics and statistics asked directly of Rasa's SQLTrackerStore <c>events</c> table, the way a user of that table
/// would ask them: one scan, bins computed from <c>timestamp</c>, names from the indexed columns or the <c>data</c>
/// JSON. The shared SQL lives here; each engine's subclass says how it floors a number and reads JSON.
/// </summary>
/// <remarks>
/// <para>
/// Per bin: user messages (<c>type_name = 'user'</c>), bot messages, distinct <c>sender_id</c>s with a message, and
/// <c>session_started</c> events. The service's <c>conversations</c> also counts a conversation whose session starts
/// in the bin without a message there, and its sessions are cut by its own rules, so only the message counts are
/// expected to be equal; the senders are a lower bound of <c>conversations</c>.
/// </para>
/// <para>
/// Statistics come as name and count rows per list, every name of the range (the top is cut in the benchmark, count
/// descending then name in ordinal order, so that collations play no part); policies as Rasa stored them, their
/// <c>policy_N_</c> prefix removed by the benchmark (<see cref="RasaPolicyName"/>).
/// </para>
/// </remarks>
internal abstract class AnalyticsSql
{
    /// <summary>The statistics lists, by the name <see cref="Statistics"/> gives each query.</summary>
    public const string Totals = "totals";
    public const string Intents = "intents";
    public const string Entities = "entities";
    public const string Actions = "actions";
    public const string Policies = "policies";

    private const string ActionsOtherThanListen = "e.type_name = 'action' AND e.action_name <> '' AND e.action_name <> 'action_listen'";

    /// <summary>One row: the earliest and latest event time of the table, Unix seconds.</summary>
    public static SqlText Span() => new("SELECT MIN(timestamp), MAX(timestamp) FROM events", []);

    /// <summary>
    /// One row per bin that has an event: the bin's index, user messages, bot messages, distinct senders with a
    /// message, <c>session_started</c> events. Bins without a row are all zeros.
    /// </summary>
    public SqlText Bins(AnalyticsQuery query)
    {
        var edges = query.BinEdges();
        var width = query.Daily ? NodaConstants.SecondsPerDay : NodaConstants.SecondsPerHour;
        var p = new SqlParameters();
        var origin = Origin(query.Zone, edges[0]);
        var local = $"e.timestamp{LocalOffset(query.Zone, edges[0], edges[^1])}";
        var sql = new StringBuilder()
            .Append("SELECT b.bin,\n")
            .Append("    SUM(CASE WHEN b.type_name = 'user' THEN 1 ELSE 0 END),\n")
            .Append("    SUM(CASE WHEN b.type_name = 'bot' THEN 1 ELSE 0 END),\n")
            .Append("    COUNT(DISTINCT CASE WHEN b.type_name IN ('user', 'bot') THEN b.sender_id END),\n")
            .Append("    SUM(CASE WHEN b.type_name = 'session_started' THEN 1 ELSE 0 END)\n")
            .Append("FROM (\n    SELECT ").Append(Floor($"({local} - {p.Bind(origin)}) / {Integer(width)}")).Append(" AS bin, e.type_name, e.sender_id\n")
            .Append("    FROM events e\n")
            .Append("    WHERE e.type_name IN ('user', 'bot', 'session_started')\n")
            .Append("      AND e.timestamp >= ").Append(p.Bind(edges[0].ToUnixTimeSeconds()))
            .Append(" AND e.timestamp < ").Append(p.Bind(edges[^1].ToUnixTimeSeconds())).Append("\n) b\n")
            .Append("GROUP BY b.bin\nORDER BY b.bin");
        return new SqlText(sql.ToString(), p.Values);
    }

    /// <summary>
    /// The statistics of <paramref name="query"/>, one SQL text per list: <see cref="Totals"/> (rows <c>user</c> and
    /// <c>bot</c> with their counts), then the name and count rows of <see cref="Intents"/>, <see cref="Entities"/>,
    /// <see cref="Actions"/> and <see cref="Policies"/>.
    /// </summary>
    public IReadOnlyList<(string List, SqlText Sql)> Statistics(StatisticsQuery query)
    {
        (string, SqlText) Query(string list, string select, string from, string where)
        {
            var p = new SqlParameters();
            var range = (query.Start is { } s ? $" AND e.timestamp >= {p.Bind(s.ToUnixTimeSeconds())}" : "")
                + (query.Until is { } u ? $" AND e.timestamp <= {p.Bind(u.ToUnixTimeSeconds())}" : "");
            return (list, new SqlText($"SELECT {select} AS name, COUNT(*)\nFROM {from}\nWHERE {where}{range}\nGROUP BY {select}", p.Values));
        }

        return
        [
            Query(Totals, "e.type_name", "events e", "e.type_name IN ('user', 'bot')"),
            Query(Intents, "e.intent_name", "events e", "e.type_name = 'user' AND e.intent_name <> ''"),
            Query(Entities, EntityName, "events e" + EntitySource, "e.type_name = 'user'" + EntityCondition),
            Query(Actions, "e.action_name", "events e", ActionsOtherThanListen),
            Query(Policies, JsonText("e.data", "policy"), "events e", ActionsOtherThanListen),
        ];
    }

    /// <summary>The greatest integer not above <paramref name="expression"/>, as an integer.</summary>
    protected abstract string Floor(string expression);

    /// <summary>The JSON string at the dotted <paramref name="path"/> of the column <paramref name="data"/>.</summary>
    protected abstract string JsonText(string data, string path);

    /// <summary>What joins each entity of a user event's <c>parse_data.entities</c> to <c>events e</c>, starting with a comma.</summary>
    protected abstract string EntitySource { get; }

    /// <summary>The entity type of one joined entity.</summary>
    protected abstract string EntityName { get; }

    /// <summary>Conditions on the joined entity, starting with <c> AND</c>: an object in an array, with a string <c>entity</c>.</summary>
    protected abstract string EntityCondition { get; }

    /// <summary>Invariant digits.</summary>
    protected static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The zone's local time at the first bin's start, as seconds since the local epoch: local days are then whole
    /// multiples of 86,400 s of local time from it.
    /// </summary>
    private static long Origin(DateTimeZone zone, Instant first) => (first + Duration.FromSeconds(zone.GetUtcOffset(first).Seconds)).ToUnixTimeSeconds();

    /// <summary>
    /// <c> + offset</c>, the zone's UTC offset in seconds at <c>e.timestamp</c> over <c>[from, to)</c>, as a CASE
    /// over its transitions; empty for UTC. Neither engine is asked to know the zone: SQLite has no time zone database.
    /// </summary>
    private static string LocalOffset(DateTimeZone zone, Instant from, Instant to)
    {
        var intervals = zone.GetZoneIntervals(from, to).ToList();
        if (intervals.Count == 1)
        {
            var only = intervals[0].WallOffset.Seconds;
            return only == 0 ? "" : " + " + Integer(only);
        }

        var cases = new StringBuilder(" + CASE");
        foreach (var interval in intervals.SkipLast(1))
        {
            cases.Append(" WHEN e.timestamp < ").Append(Integer(interval.End.ToUnixTimeSeconds())).Append(" THEN ").Append(Integer(interval.WallOffset.Seconds));
        }

        return cases.Append(" ELSE ").Append(Integer(intervals[^1].WallOffset.Seconds)).Append(" END").ToString();
    }
}
