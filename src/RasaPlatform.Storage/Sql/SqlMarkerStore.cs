using System.Data.Common;
using System.Globalization;
using NodaTime;
using RasaPlatform.Core.Analytics;
using RasaPlatform.Core.Markers;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Storage.Sql;

/// <summary>Marker configurations and stored results over a relational engine (migration 027), the same SQL on every dialect.</summary>
/// <remarks>
/// A configuration change queues the assistant's conversations at a new revision: a fold already under way with the
/// old configuration then saves at the old revision, which leaves its queue item in place (the shared dequeue matches
/// the revision), so every conversation is evaluated under the new version however the two interleave.
/// </remarks>
public abstract class SqlMarkerStore : IMarkerStore
{
    private const string Versions = "SELECT assistant_id, version FROM marker_configurations";

    private const string List = """
        SELECT c.assistant_id, c.version, v.configuration, v.created_at_ms
        FROM marker_configurations c JOIN marker_configuration_versions v ON v.version = c.version
        """;

    private const string Get = List + " WHERE c.assistant_id = @assistant";

    private const string InsertVersion = """
        INSERT INTO marker_configuration_versions (assistant_id, configuration, created_at_ms)
        VALUES (@assistant, @configuration, @now)
        RETURNING version
        """;

    private const string SetCurrent = """
        INSERT INTO marker_configurations (assistant_id, version) VALUES (@assistant, @version)
        ON CONFLICT (assistant_id) DO UPDATE SET version = excluded.version
        """;

    private const string RemoveCurrent = "DELETE FROM marker_configurations WHERE assistant_id = @assistant RETURNING version";

    private const string CurrentVersion = "SELECT version FROM marker_configurations WHERE assistant_id = @assistant";

    private const string Pending = """
        SELECT COUNT(*) FROM metadata_queue q JOIN conversation_metadata m ON m.conversation_id = q.conversation_id
        WHERE m.assistant_id = @assistant
        """;

    private const string FindConversation = """
        SELECT c.id, EXISTS (SELECT 1 FROM metadata_queue q WHERE q.conversation_id = c.id)
        FROM conversations c WHERE c.sender_id = @sender
        """;

    private const string ReadSessions = """
        SELECT session_index, event_index, start_time FROM marker_sessions
        WHERE conversation_id = @id AND version = @version ORDER BY session_index
        """;

    private const string ReadApplications = """
        SELECT marker, session_index, event_index, preceding_user_turns, timestamp FROM marker_applications
        WHERE conversation_id = @id AND version = @version ORDER BY session_index, event_index, marker
        """;

    /// <summary>The sessions of <c>@version</c> that start in <c>[@start, @until]</c>, as <c>s</c>.</summary>
    private const string StartsInRange = "s.version = @version AND s.start_time >= @start AND s.start_time <= @until";

    /// <summary>
    /// The sessions of <c>@version</c> that start in the range but not in the whole quarter hours
    /// <c>[@wholeFrom, @wholeTo)</c> the sums hold, as <c>s</c>.
    /// </summary>
    private const string StartsInEdges = $"{StartsInRange} AND (s.start_bucket < @wholeFrom OR s.start_bucket >= @wholeTo)";

    private const string EdgeSessions = $"SELECT COUNT(*) FROM marker_sessions s WHERE {StartsInEdges}";

    /// <summary>As the sums count them: applications per marker and turns, and the sessions where it first applied with them.</summary>
    private const string EdgeApplications = $"""
        SELECT a.marker, a.preceding_user_turns, COUNT(*), SUM(a.first_in_session)
        FROM marker_applications a
        JOIN marker_sessions s ON s.conversation_id = a.conversation_id AND s.session_index = a.session_index AND s.version = a.version
        WHERE a.version = @version AND {StartsInEdges}
        GROUP BY a.marker, a.preceding_user_turns
        """;

    private const string SessionPage = $"""
        WITH page AS (
            SELECT c.sender_id, s.conversation_id, s.session_index, s.event_index, s.start_time
            FROM marker_sessions s JOIN conversations c ON c.id = s.conversation_id
            WHERE {StartsInRange}
                AND (c.sender_id > @afterSender OR (c.sender_id = @afterSender AND s.session_index > @afterIndex))
            ORDER BY c.sender_id, s.session_index
            LIMIT @limit OFFSET @offset)
        SELECT p.sender_id, p.session_index, p.event_index, p.start_time, a.marker, a.preceding_user_turns, a.event_index
        FROM page p
        LEFT JOIN marker_applications a
            ON a.conversation_id = p.conversation_id AND a.session_index = p.session_index AND a.version = @version
        ORDER BY p.sender_id, p.session_index, a.event_index
        """;

    /// <summary>Opens a connection ready for use.</summary>
    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Folds what the result tables' triggers left pending into the marker sums (<see cref="PendingAnalytics"/>) before a change commits.</summary>
    protected virtual Task FoldPendingAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        PendingAnalytics.FoldAsync(connection, transaction, cancellationToken);

    /// <summary>Runs a write; an engine with a single writer queues it behind the process's other writes.</summary>
    protected virtual Task<T> WriteAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken) => write();

    /// <summary>
    /// Bumps the revision of every conversation whose folded metadata names <c>@assistant</c>; a dialect whose row locks
    /// can deadlock takes them in the order writes do.
    /// </summary>
    protected virtual string BumpRevisions => """
        UPDATE conversations SET revision = revision + 1
        WHERE id IN (SELECT conversation_id FROM conversation_metadata WHERE assistant_id = @assistant)
        """;

    /// <summary>Queues every conversation whose folded metadata names <c>@assistant</c> at its (new) revision.</summary>
    private static readonly string Requeue = $"""
        INSERT INTO metadata_queue (conversation_id, revision, enqueued_at_ms)
        SELECT c.id, c.revision, @now
        FROM conversations c JOIN conversation_metadata m ON m.conversation_id = c.id
        WHERE m.assistant_id = @assistant
        ORDER BY c.sender_id
        {MetadataSqlText.Requeue}
        """;

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, long>> VersionsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(Versions);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            versions[reader.GetString(0)] = reader.GetInt64(1);
        }

        return versions;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredMarkerConfiguration>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(List);
        return await ReadConfigurationsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<StoredMarkerConfiguration?> GetAsync(string assistant, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(Get, ("assistant", assistant));
        return (await ReadConfigurationsAsync(command, cancellationToken).ConfigureAwait(false)).SingleOrDefault();
    }

    /// <inheritdoc />
    public Task<(StoredMarkerConfiguration Stored, long Queued)> PutAsync(
        string assistant,
        MarkerConfiguration configuration,
        Instant now,
        CancellationToken cancellationToken) => WriteAsync(
        async () =>
        {
            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var previous = await connection.ScalarAsync(transaction, CurrentVersion, cancellationToken, ("assistant", assistant)).ConfigureAwait(false);
            var version = Convert.ToInt64(
                await connection.ScalarAsync(
                    transaction,
                    InsertVersion,
                    cancellationToken,
                    ("assistant", assistant),
                    ("configuration", MarkerConfigurationWriter.ToJson(configuration)),
                    ("now", now.ToUnixTimeMilliseconds())).ConfigureAwait(false),
                CultureInfo.InvariantCulture);
            await connection.ExecuteAsync(transaction, SetCurrent, cancellationToken, ("assistant", assistant), ("version", version)).ConfigureAwait(false);
            var queued = await ChangedAsync(connection, transaction, assistant, previous, now, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return (new StoredMarkerConfiguration(assistant, version, configuration, Instant.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds())), queued);
        },
        cancellationToken);

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string assistant, Instant now, CancellationToken cancellationToken) => WriteAsync(
        async () =>
        {
            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var previous = await connection.ScalarAsync(transaction, RemoveCurrent, cancellationToken, ("assistant", assistant)).ConfigureAwait(false);
            if (previous is null)
            {
                return false;
            }

            await ChangedAsync(connection, transaction, assistant, previous, now, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        },
        cancellationToken);

    /// <inheritdoc />
    public async Task<long> PendingAsync(string assistant, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(Pending, ("assistant", assistant));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The whole quarter hours of the range come from the marker sums (migration 029), in the fewest units of the
    /// analytics grains (all time when no bound is given); the sessions starting in the quarter hours the range's edges
    /// cut are counted from their rows. One repeatable-read transaction reads both.
    /// </remarks>
    public async Task<MarkerCounts> CountAsync(long version, double? start, double? until, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        var counts = new MarkerTally();
        if (start is null && until is null)
        {
            await AddSumsAsync(connection, transaction, version, $"grain = {PendingAnalytics.AllTime} AND bucket = 0", counts, cancellationToken).ConfigureAwait(false);
            return counts.ToCounts();
        }

        var first = start ?? await BoundAsync(connection, transaction, "MIN", version, cancellationToken).ConfigureAwait(false);
        var last = until ?? await BoundAsync(connection, transaction, "MAX", version, cancellationToken).ConfigureAwait(false);
        if (first is not { } from || last is not { } to)
        {
            return counts.ToCounts();
        }

        var (wholeFrom, wholeTo) = AnalyticsBucket.WhollyWithin(from, to);
        if (wholeFrom < wholeTo)
        {
            var units = AnalyticsUnits.Cover(wholeFrom, wholeTo).GroupBy(u => u.Grain)
                .Select(g => AnalyticsUnits.Condition(g.Key, g.Select(u => u.Bucket)));
            await AddSumsAsync(connection, transaction, version, string.Join(" OR ", units), counts, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            wholeTo = wholeFrom;
        }

        (string, object?)[] edges = [("version", version), ("start", from), ("until", to), ("wholeFrom", wholeFrom), ("wholeTo", wholeTo)];
        counts.Sessions += Convert.ToInt64(
            await connection.ScalarAsync(transaction, EdgeSessions, cancellationToken, edges).ConfigureAwait(false),
            CultureInfo.InvariantCulture);
        await using (var command = connection.CreateCommand(transaction, EdgeApplications, edges))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                counts.Add(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture));
            }
        }

        return counts.ToCounts();
    }

    /// <summary>Adds the sums of the units <paramref name="units"/> selects (a condition on <c>grain</c> and <c>bucket</c>).</summary>
    private static async Task AddSumsAsync(
        DbConnection connection, DbTransaction transaction, long version, string units, MarkerTally counts, CancellationToken cancellationToken)
    {
        counts.Sessions += Convert.ToInt64(
            await connection.ScalarAsync(
                transaction,
                $"SELECT COALESCE(SUM(sessions), 0) FROM marker_session_sums WHERE version = @version AND ({units})",
                cancellationToken,
                ("version", version)).ConfigureAwait(false),
            CultureInfo.InvariantCulture);
        await using var command = connection.CreateCommand(
            transaction,
            $"""
            SELECT marker, preceding_user_turns, SUM(applications), SUM(sessions_applied) FROM marker_sums
            WHERE version = @version AND ({units})
            GROUP BY marker, preceding_user_turns
            """,
            ("version", version));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts.Add(reader.GetString(0), reader.GetInt64(1), Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The first (<c>MIN</c>) or last (<c>MAX</c>) start of the version's sessions; null without any.</summary>
    private static async Task<double?> BoundAsync(DbConnection connection, DbTransaction transaction, string aggregate, long version, CancellationToken cancellationToken) =>
        await connection.ScalarAsync(
            transaction,
            $"SELECT {aggregate}(start_time) FROM marker_sessions WHERE version = @version",
            cancellationToken,
            ("version", version)).ConfigureAwait(false) is { } value and not DBNull
            ? Convert.ToDouble(value, CultureInfo.InvariantCulture)
            : null;

    /// <summary>What the statistics count, as sums and edge rows add to it.</summary>
    private sealed class MarkerTally
    {
        private readonly Dictionary<string, long> _applied = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Dictionary<long, long>> _turns = new(StringComparer.Ordinal);

        public long Sessions { get; set; }

        public void Add(string marker, long turns, long applications, long sessionsApplied)
        {
            _applied[marker] = _applied.GetValueOrDefault(marker) + sessionsApplied;
            var histogram = _turns.TryGetValue(marker, out var found) ? found : _turns[marker] = [];
            histogram[turns] = histogram.GetValueOrDefault(turns) + applications;
        }

        public MarkerCounts ToCounts() => new(
            Sessions,
            _applied.Where(p => p.Value != 0).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            _turns
                .Select(p => (p.Key, Histogram: p.Value.Where(t => t.Value != 0).ToDictionary(t => t.Key, t => t.Value)))
                .Where(p => p.Histogram.Count > 0)
                .ToDictionary(p => p.Key, p => (IReadOnlyDictionary<long, long>)p.Histogram, StringComparer.Ordinal));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<(string SenderId, MarkerSession Session, IReadOnlyList<(string Marker, int EventIndex, int Turns)> Applications)>> SessionsAsync(
        long version,
        double? start,
        double? until,
        (string SenderId, int SessionIndex)? after,
        int offset,
        int limit,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(
            SessionPage,
            ("version", version),
            ("start", start ?? double.MinValue),
            ("until", until ?? double.MaxValue),
            ("afterSender", after?.SenderId ?? string.Empty),
            ("afterIndex", (long)(after?.SessionIndex ?? -1)),
            ("offset", (long)offset),
            ("limit", (long)limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var sessions = new List<(string SenderId, MarkerSession Session, IReadOnlyList<(string Marker, int EventIndex, int Turns)> Applications)>();
        List<(string Marker, int EventIndex, int Turns)>? applications = null;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var sender = reader.GetString(0);
            var index = reader.GetInt32(1);
            if (sessions.Count == 0 || sessions[^1].SenderId != sender || sessions[^1].Session.Index != index)
            {
                applications = [];
                sessions.Add((sender, new MarkerSession(index, reader.GetInt32(2), reader.GetDouble(3)), applications));
            }

            if (!reader.IsDBNull(4))
            {
                applications!.Add((reader.GetString(4), reader.GetInt32(6), reader.GetInt32(5)));
            }
        }

        return sessions;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<(double Start, string? Marker, long Sessions)>> SessionsByStartAsync(
        IReadOnlyCollection<long> versions,
        IReadOnlyCollection<string> markers,
        double since,
        double before,
        int? grain,
        CancellationToken cancellationToken)
    {
        var rows = new List<(double Start, string? Marker, long Sessions)>();
        if (versions.Count == 0)
        {
            return rows;
        }

        // Versions come from the store itself: numbers, written as literals. Marker names are bound.
        var inVersions = string.Join(", ", versions.Select(v => v.ToString(CultureInfo.InvariantCulture)));
        if (grain is { } seconds)
        {
            return await SummedByStartAsync(inVersions, markers, WholeUnits(seconds, since, before), cancellationToken).ConfigureAwait(false);
        }

        var range = $"s.version IN ({inVersions}) AND s.start_time >= @from AND s.start_time < @to";
        var names = markers.Select((m, i) => ($"@m{i.ToString(CultureInfo.InvariantCulture)}", (object?)m)).ToList();
        var sql = $"""
            SELECT s.start_time AS t, NULL AS marker, COUNT(*) FROM marker_sessions s WHERE {range} GROUP BY s.start_time
            """;
        if (names.Count > 0)
        {
            // A marker's first application in a session stands for the session.
            sql += $"""

                UNION ALL
                SELECT s.start_time AS t, a.marker, COUNT(*)
                FROM marker_applications a
                JOIN marker_sessions s ON s.conversation_id = a.conversation_id AND s.session_index = a.session_index AND s.version = a.version
                WHERE a.version IN ({inVersions}) AND a.first_in_session = 1 AND a.marker IN ({string.Join(", ", names.Select(n => n.Item1))})
                    AND {range}
                GROUP BY s.start_time, a.marker
                """;
        }

        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(sql, [("from", since), ("to", before), .. names]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add((Convert.ToDouble(reader.GetValue(0), CultureInfo.InvariantCulture), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2)));
        }

        return rows;
    }

    /// <summary>The analytics grain (in quarters) whose units are <paramref name="seconds"/> wide, and the quarters <c>[From, To)</c> of the range.</summary>
    /// <exception cref="ArgumentException">No grain's units are that wide, or a bound is not on their edges.</exception>
    private static (long Grain, long From, long To) WholeUnits(int seconds, double since, double before)
    {
        var quarter = AnalyticsBucket.WidthSeconds;
        if (seconds % quarter != 0 || !AnalyticsUnits.Grains.Contains(seconds / quarter) || since % seconds != 0 || before % seconds != 0)
        {
            throw new ArgumentException($"{seconds} s is not the width of an analytics grain's unit on whose edges [{since}, {before}) falls.", nameof(seconds));
        }

        return (seconds / quarter, (long)since / quarter, (long)before / quarter);
    }

    /// <summary>The sessions and the sessions each marker applied in, per unit, from the marker sums (migration 029).</summary>
    private async Task<IReadOnlyList<(double Start, string? Marker, long Sessions)>> SummedByStartAsync(
        string inVersions,
        IReadOnlyCollection<string> markers,
        (long Grain, long From, long To) units,
        CancellationToken cancellationToken)
    {
        var range = string.Create(
            CultureInfo.InvariantCulture,
            $"version IN ({inVersions}) AND grain = {units.Grain} AND bucket >= {units.From} AND bucket < {units.To}");
        var names = markers.Select((m, i) => ($"@m{i.ToString(CultureInfo.InvariantCulture)}", (object?)m)).ToList();
        var seconds = AnalyticsBucket.WidthSeconds.ToString(CultureInfo.InvariantCulture);
        var sql = $"SELECT bucket * {seconds}, NULL, SUM(sessions) FROM marker_session_sums WHERE {range} GROUP BY bucket";
        if (names.Count > 0)
        {
            sql += $"""

                UNION ALL
                SELECT bucket * {seconds}, marker, SUM(sessions_applied) FROM marker_sums
                WHERE {range} AND marker IN ({string.Join(", ", names.Select(n => n.Item1))})
                GROUP BY bucket, marker
                """;
        }

        var rows = new List<(double Start, string? Marker, long Sessions)>();
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(sql, [.. names]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var sessions = Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture);
            if (sessions != 0)
            {
                rows.Add((Convert.ToDouble(reader.GetValue(0), CultureInfo.InvariantCulture), reader.IsDBNull(1) ? null : reader.GetString(1), sessions));
            }
        }

        return rows;
    }

    /// <inheritdoc />
    public async Task<StoredConversationMarkers?> ReadConversationAsync(string senderId, long version, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        long id;
        bool pending;
        await using (var find = connection.CreateCommand(transaction, FindConversation, ("sender", senderId)))
        await using (var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            (id, pending) = (reader.GetInt64(0), Convert.ToBoolean(reader.GetValue(1), CultureInfo.InvariantCulture));
        }

        var sessions = new List<MarkerSession>();
        await using (var command = connection.CreateCommand(transaction, ReadSessions, ("id", id), ("version", version)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                sessions.Add(new MarkerSession(reader.GetInt32(0), reader.GetInt32(1), reader.GetDouble(2)));
            }
        }

        var applications = new List<MarkerApplication>();
        await using (var command = connection.CreateCommand(transaction, ReadApplications, ("id", id), ("version", version)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applications.Add(new MarkerApplication(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetDouble(4)));
            }
        }

        return new StoredConversationMarkers(pending, new MarkerResults(sessions, applications));
    }

    /// <summary>Removes the previous version's results and queues the assistant's conversations at new revisions.</summary>
    private async Task<long> ChangedAsync(
        DbConnection connection,
        DbTransaction transaction,
        string assistant,
        object? previous,
        Instant now,
        CancellationToken cancellationToken)
    {
        if (previous is not null)
        {
            foreach (var table in new[] { MetadataRowTables.MarkerSessions, MetadataRowTables.MarkerApplications })
            {
                await connection.ExecuteAsync(transaction, $"DELETE FROM {table.Name} WHERE version = @version", cancellationToken, ("version", previous)).ConfigureAwait(false);
            }
        }

        await FoldPendingAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(transaction, BumpRevisions, cancellationToken, ("assistant", assistant)).ConfigureAwait(false);
        return await connection.ExecuteAsync(transaction, Requeue, cancellationToken, ("assistant", assistant), ("now", now.ToUnixTimeMilliseconds())).ConfigureAwait(false);
    }

    private static async Task<List<StoredMarkerConfiguration>> ReadConfigurationsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var configurations = new List<StoredMarkerConfiguration>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            configurations.Add(new StoredMarkerConfiguration(
                reader.GetString(0),
                reader.GetInt64(1),
                MarkerConfigurationReader.Read(reader.GetString(2)),
                Instant.FromUnixTimeMilliseconds(reader.GetInt64(3))));
        }

        return configurations;
    }
}
