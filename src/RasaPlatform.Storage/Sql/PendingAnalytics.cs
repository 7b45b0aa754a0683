using System.Data.Common;

namespace RasaPlatform.Storage.Sql;

/// <summary>
/// The analytics sums' write path (migration 016), and the marker sums' (migration 029): triggers on the fact and
/// marker result tables append each changed row, signed, to the pending tables, and the transaction that changed them
/// folds the pending rows into the sums before it commits.
/// </summary>
/// <remarks>
/// Folding once per transaction turns a batch's thousands of fact rows into one upsert per distinct sum key, where
/// row triggers upserted every grain for every row. A transaction only ever sees its own pending rows, as every writer
/// folds before committing.
/// </remarks>
internal static class PendingAnalytics
{
    /// <summary>The unit of grain <c>g.grain</c> holding quarter <paramref name="bucket"/>: the quarter minus its floor modulo.</summary>
    private static string Unit(string bucket) => $"{bucket} - (({bucket} % g.grain) + g.grain) % g.grain";

    /// <summary>
    /// Adds signed fact rows into the sums of every grain (named events only per hour and per day: migration 017), one
    /// upsert per distinct key; the sources are relations with the pending tables' columns (buckets, sessions, names).
    /// The name sums are <paramref name="nameSums"/>' statements (<see cref="NameSums"/>); the totals per name over all
    /// time add <paramref name="totals"/>, named events or any relation of the same sums.
    /// </summary>
    /// <remarks>
    /// Each sum table is written by one statement, in key order, and the tables in the order of this list: concurrent
    /// writers lock sum rows in one order and cannot deadlock on them. Message and session sums share
    /// <c>analytics_buckets</c>, so one statement adds both: two statements locked its rows in two passes, and two
    /// transactions each in its second pass could each wait for a row the other took in its first.
    /// </remarks>
    private static IReadOnlyList<string> Folds(
        string buckets, string sessions, IReadOnlyList<string> nameSums, string totals, string markerSessions, string markerApplications) =>
    [
        $"""
        INSERT INTO analytics_buckets AS a (
            grain, bucket, assistant, user_messages, bot_messages, sessions, first_sessions, session_length_ticks, session_user_messages)
        SELECT g.grain, {Unit("p.bucket")} AS unit, p.assistant, SUM(p.user_messages), SUM(p.bot_messages),
               SUM(p.sessions), SUM(p.first), SUM(p.length_ticks), SUM(p.session_user_messages)
        FROM (
            SELECT bucket, assistant, user_messages, bot_messages,
                   0 AS sessions, 0 AS first, 0 AS length_ticks, 0 AS session_user_messages
            FROM {buckets} pb
            UNION ALL
            SELECT start_bucket, assistant, 0, 0, sessions, first, length_ticks, user_messages
            FROM {sessions} ps
        ) p CROSS JOIN analytics_grains g
        WHERE true
        GROUP BY g.grain, unit, p.assistant
        HAVING SUM(p.user_messages) <> 0 OR SUM(p.bot_messages) <> 0 OR SUM(p.sessions) <> 0 OR SUM(p.first) <> 0
            OR SUM(p.length_ticks) <> 0 OR SUM(p.session_user_messages) <> 0
        ORDER BY g.grain, unit, p.assistant
        ON CONFLICT (grain, bucket, assistant) DO UPDATE SET
            user_messages = a.user_messages + excluded.user_messages, bot_messages = a.bot_messages + excluded.bot_messages,
            sessions = a.sessions + excluded.sessions, first_sessions = a.first_sessions + excluded.first_sessions,
            session_length_ticks = a.session_length_ticks + excluded.session_length_ticks,
            session_user_messages = a.session_user_messages + excluded.session_user_messages
        """,
        $"""
        INSERT INTO analytics_active AS a (grain, bucket, previous_bucket, assistant, conversations)
        SELECT g.grain, {Unit("p.bucket")} AS unit, p.previous_bucket, p.assistant, SUM(p.sign)
        FROM {buckets} p CROSS JOIN analytics_grains g
        WHERE p.previous_bucket < {Unit("p.bucket")}
        GROUP BY g.grain, unit, p.previous_bucket, p.assistant
        HAVING SUM(p.sign) <> 0
        ORDER BY g.grain, unit, p.previous_bucket, p.assistant
        ON CONFLICT (grain, bucket, previous_bucket, assistant) DO UPDATE SET conversations = a.conversations + excluded.conversations
        """,
        $"""
        INSERT INTO analytics_active_units AS a (grain, bucket, assistant, conversations)
        SELECT g.grain, {Unit("p.bucket")} AS unit, p.assistant, SUM(p.sign)
        FROM {buckets} p CROSS JOIN analytics_grains g
        WHERE p.previous_bucket < {Unit("p.bucket")}
        GROUP BY g.grain, unit, p.assistant
        HAVING SUM(p.sign) <> 0
        ORDER BY g.grain, unit, p.assistant
        ON CONFLICT (grain, bucket, assistant) DO UPDATE SET conversations = a.conversations + excluded.conversations
        """,
        .. nameSums,
        $"""
        INSERT INTO statistics_totals AS s (assistant, kind, name, count)
        SELECT p.assistant, p.kind, p.name, SUM(p.count)
        FROM {totals} p
        WHERE true
        GROUP BY p.assistant, p.kind, p.name
        HAVING SUM(p.count) <> 0
        ORDER BY p.assistant, p.kind, p.name
        ON CONFLICT (assistant, kind, name) DO UPDATE SET count = s.count + excluded.count
        """,
        $"""
        INSERT INTO marker_session_sums AS s (version, grain, bucket, sessions)
        SELECT p.version, g.grain, {MarkerUnit("p.bucket")} AS unit, SUM(p.sign)
        FROM {markerSessions} p CROSS JOIN ({MarkerGrains}) g
        WHERE true
        GROUP BY p.version, g.grain, unit
        HAVING SUM(p.sign) <> 0
        ORDER BY p.version, g.grain, unit
        ON CONFLICT (version, grain, bucket) DO UPDATE SET sessions = s.sessions + excluded.sessions
        """,
        $"""
        INSERT INTO marker_sums AS s (version, grain, bucket, marker, preceding_user_turns, applications, sessions_applied)
        SELECT p.version, g.grain, {MarkerUnit("p.bucket")} AS unit, p.marker, p.preceding_user_turns, SUM(p.sign), SUM(p.first)
        FROM {markerApplications} p CROSS JOIN ({MarkerGrains}) g
        WHERE true
        GROUP BY p.version, g.grain, unit, p.marker, p.preceding_user_turns
        HAVING SUM(p.sign) <> 0 OR SUM(p.first) <> 0
        ORDER BY p.version, g.grain, unit, p.marker, p.preceding_user_turns
        ON CONFLICT (version, grain, bucket, marker, preceding_user_turns) DO UPDATE SET
            applications = s.applications + excluded.applications, sessions_applied = s.sessions_applied + excluded.sessions_applied
        """,
    ];

    /// <summary>
    /// Adds signed named-event rows (<paramref name="names"/>: bucket, kind, name, assistant, count) into the name sums
    /// of the grains <paramref name="grains"/> (a condition on <c>g.grain</c>), one upsert per distinct key.
    /// </summary>
    private static string NameSums(string names, string grains) => $"""
        INSERT INTO statistics_names AS s (grain, bucket, kind, name, assistant, count)
        SELECT g.grain, {Unit("p.bucket")} AS unit, p.kind, p.name, p.assistant, SUM(p.count)
        FROM {names} p CROSS JOIN analytics_grains g
        WHERE {grains}
        GROUP BY g.grain, unit, p.kind, p.name, p.assistant
        HAVING SUM(p.count) <> 0
        ORDER BY g.grain, unit, p.kind, p.name, p.assistant
        ON CONFLICT (grain, bucket, kind, name, assistant) DO UPDATE SET count = s.count + excluded.count
        """;

    /// <summary>The widest grain named events are summed at, in quarters.</summary>
    private static int WidestNameGrain => AnalyticsUnits.NameGrains[^1];

    /// <summary>
    /// The name sums computed again in two steps: the narrowest grain from the facts, then every wider one from those
    /// sums (each narrow unit lies in exactly one wider unit, as each fact lies in one narrow unit). The same sums as
    /// one pass over the facts at every grain, with a third fewer rows to sort (at M, 3.1 s for both grains at once).
    /// </summary>
    private static IReadOnlyList<string> NameSumsFrom(string facts)
    {
        var narrowest = AnalyticsUnits.NameGrains[0];
        if (AnalyticsUnits.NameGrains.Any(g => g % narrowest != 0))
        {
            throw new InvalidOperationException("Every grain named events are summed at must be a whole number of the narrowest.");
        }

        var wider = AnalyticsUnits.NameGrains.Skip(1).ToList();
        IReadOnlyList<string> narrow = [NameSums(facts, AnalyticsUnits.GrainIn([narrowest]))];
        return wider.Count == 0
            ? narrow
            : [.. narrow, NameSums($"(SELECT bucket, kind, name, assistant, count FROM statistics_names WHERE grain = {narrowest})", AnalyticsUnits.GrainIn(wider))];
    }

    /// <summary>The grains marker results are summed at: every analytics grain, and 0 for all time (migration 029).</summary>
    private static string MarkerGrains => $"SELECT grain FROM analytics_grains UNION ALL SELECT {AllTime}";

    /// <summary>The grain of the marker sums over all time, whose one unit is bucket 0.</summary>
    public const long AllTime = 0;

    /// <summary>The unit of grain <c>g.grain</c> holding quarter <paramref name="bucket"/>; bucket 0 for all time.</summary>
    private static string MarkerUnit(string bucket) => $"CASE WHEN g.grain = {AllTime} THEN 0 ELSE {Unit(bucket)} END";

    /// <summary>
    /// Folds the fact changes the triggers of migration 016 appended to the pending tables into the sums of every grain
    /// (named events only per hour and per day: migration 017), one upsert per distinct key, then empties the pending
    /// tables. Every transaction that inserts or deletes fact rows runs these before it commits.
    /// </summary>
    public static readonly IReadOnlyList<string> Statements =
    [
        .. Folds(
            "analytics_pending_buckets",
            "analytics_pending_sessions",
            [NameSums("analytics_pending_names", AnalyticsUnits.NamedGrains)],
            "analytics_pending_names",
            "marker_pending_sessions",
            "marker_pending_applications"),
        "DELETE FROM analytics_pending_buckets",
        "DELETE FROM analytics_pending_sessions",
        "DELETE FROM analytics_pending_names",
        "DELETE FROM marker_pending_sessions",
        "DELETE FROM marker_pending_applications",
    ];

    /// <summary>Every table <see cref="Statements"/> keeps: what <see cref="Recompute"/> empties first.</summary>
    public static readonly IReadOnlyList<string> Sums =
        ["analytics_buckets", "analytics_active", "analytics_active_units", "statistics_names", "statistics_totals", "marker_session_sums", "marker_sums"];

    /// <summary>
    /// The sums computed again from the facts by the same folds, each fact row counted once as its insert trigger would
    /// pend it: the end of deferred maintenance (<see cref="DeferredMaintenance"/>), when the triggers did not run.
    /// </summary>
    /// <remarks>
    /// The totals per name add the widest name grain's sums, computed just before them: every named event lies in
    /// exactly one of its units, so the sum is the same, over a fraction of the rows (at M, from 1.5 s to 0.3 s).
    /// </remarks>
    public static readonly IReadOnlyList<string> Recompute =
    [
        .. Sums.Select(t => $"DELETE FROM {t}"),
        .. Folds(
            "(SELECT bucket, previous_bucket, assistant, user_messages, bot_messages, 1 AS sign FROM conversation_buckets)",
            "(SELECT start_bucket, assistant, 1 AS sessions, is_first AS first, end_ticks - start_ticks AS length_ticks, user_messages FROM conversation_sessions)",
            NameSumsFrom("(SELECT bucket, kind, name, assistant, count FROM conversation_bucket_names)"),
            $"(SELECT bucket, kind, name, assistant, count FROM statistics_names WHERE grain = {WidestNameGrain})",
            "(SELECT version, start_bucket AS bucket, 1 AS sign FROM marker_sessions)",
            "(SELECT version, session_bucket AS bucket, marker, preceding_user_turns, first_in_session AS first, 1 AS sign FROM marker_applications)"),
    ];

    /// <summary>Runs <see cref="Statements"/> in the open transaction.</summary>
    public static async Task FoldAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var sql in Statements)
        {
            await using var command = connection.CreateCommand(transaction, sql);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
