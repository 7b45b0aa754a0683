using System.Globalization;
using System.Text;
using Npgsql;

namespace RasaPlatform.Benchmarks.Run.Mix;

/// <summary>
/// The deadlocks PostgreSQL detected in one database over a stretch of time: its <c>pg_stat_database.deadlocks</c>
/// counter before and after, and the <c>deadlock detected</c> errors the server log gained for the database, with the
/// lines that describe each (the processes, what they waited for and their statements).
/// </summary>
/// <remarks>
/// The log is the Debian cluster's (<c>/var/log/postgresql/postgresql-{major}-main.log</c>), whose default line
/// prefix (<c>%m [%p] %q%u@%d</c>) names the database; it is read only if this process may read it.
/// </remarks>
internal sealed class PostgresDeadlockWatch
{
    private const string Detected = "ERROR:  deadlock detected";

    private readonly string _connectionString;
    private readonly string _database;
    private readonly string _log;
    private readonly long _counterBefore;
    private readonly long _logOffset;

    private PostgresDeadlockWatch(string connectionString, string database, string log, long counterBefore, long logOffset)
    {
        _connectionString = connectionString;
        _database = database;
        _log = log;
        _counterBefore = counterBefore;
        _logOffset = logOffset;
    }

    /// <summary>Whether the server log could be read (its counts are null otherwise).</summary>
    public bool LogReadable => _logOffset >= 0;

    public string LogPath => _log;

    /// <summary>Starts watching the database <paramref name="connectionString"/> names.</summary>
    public static async Task<PostgresDeadlockWatch> StartAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        var major = connection.PostgreSqlVersion.Major;
        var log = $"/var/log/postgresql/postgresql-{major}-main.log";
        var counter = await CounterAsync(connection, cancellationToken).ConfigureAwait(false);
        return new PostgresDeadlockWatch(connectionString, connection.Database, log, counter, Length(log));
    }

    /// <summary>
    /// The counter's growth since the start. Each backend reports its deadlocks to the cumulative statistics when it
    /// is idle or exits, so this should be read after the service's connections closed; it is read until it holds still.
    /// </summary>
    public async Task<long> CounterGrowthAsync(CancellationToken cancellationToken)
    {
        long last = -1;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var now = await CounterAsync(connection, cancellationToken).ConfigureAwait(false);
            if (now == last)
            {
                break;
            }

            last = now;
            await Task.Delay(1000, cancellationToken).ConfigureAwait(false);
        }

        return last - _counterBefore;
    }

    /// <summary>The <c>deadlock detected</c> entries the log gained for the database, each with its continuation lines; null when unreadable.</summary>
    public async Task<IReadOnlyList<string>?> LogEntriesAsync(CancellationToken cancellationToken)
    {
        if (!LogReadable)
        {
            return null;
        }

        var text = await ReadFromAsync(_log, _logOffset, cancellationToken).ConfigureAwait(false);
        var entries = new List<string>();
        StringBuilder? entry = null;
        string? pid = null;
        foreach (var line in text.Split('\n'))
        {
            if (entry is not null && (line.StartsWith('\t') || (pid is not null && line.Contains(pid, StringComparison.Ordinal) && !line.Contains(Detected, StringComparison.Ordinal))))
            {
                entry.AppendLine(line);
                continue;
            }

            if (entry is not null)
            {
                entries.Add(entry.ToString());
                entry = null;
            }

            if (line.Contains(Detected, StringComparison.Ordinal) && line.Contains("@" + _database + " ", StringComparison.Ordinal))
            {
                entry = new StringBuilder().AppendLine(line);
                pid = Pid(line);
            }
        }

        if (entry is not null)
        {
            entries.Add(entry.ToString());
        }

        return entries;
    }

    private static async Task<long> CounterAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // A snapshot of the statistics is kept for the transaction; a fresh one each call.
        await using var command = new NpgsqlCommand(
            "SELECT pg_stat_clear_snapshot(); SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return reader.GetInt64(0);
    }

    /// <summary>The log's length, or -1 when it cannot be read.</summary>
    private static long Length(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return file.Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }

    private static async Task<string> ReadFromAsync(string path, long offset, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        file.Seek(Math.Min(offset, file.Length), SeekOrigin.Begin);
        using var reader = new StreamReader(file, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The <c>[pid]</c> of a log line, as it appears in the line.</summary>
    private static string? Pid(string line)
    {
        var open = line.IndexOf(" [", StringComparison.Ordinal);
        var close = open < 0 ? -1 : line.IndexOf(']', open);
        return close < 0 ? null : line[(open + 1)..(close + 1)];
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{_database} from {_counterBefore} deadlocks");
}
