using System.Data.Common;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace RasaPlatform.Benchmarks.Feeds;

/// <summary>
/// What the benchmark watches besides the broker: the service's <c>GET /api/admin/feeds</c> for the run's queue, and
/// the store's own count of events, read directly (so it is known while the service is dead, and across its lives).
/// </summary>
internal sealed class FeedView : IAsyncDisposable
{
    private const string CountSql = "SELECT COUNT(*), COALESCE(SUM(event_count), 0) FROM conversations";

    private readonly DbConnection _connection;
    private readonly SemaphoreSlim _counting = new(1, 1);

    private FeedView(DbConnection connection, string feed)
    {
        _connection = connection;
        Feed = feed;
    }

    /// <summary>The feed's name in the admin endpoint: <c>rabbitmq:QUEUE</c>.</summary>
    public string Feed { get; }

    /// <summary>Opens the store the service's <c>--Storage:...</c> <paramref name="settings"/> name, read-only where the engine allows.</summary>
    public static async Task<FeedView> OpenAsync(IReadOnlyList<string> settings, string queue, CancellationToken cancellationToken)
    {
        DbConnection connection = Setting(settings, "--Storage:Sqlite:Path=") is { } path
            ? new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString())
            : new NpgsqlConnection(Setting(settings, "--Storage:PostgreSql:ConnectionString=")
                ?? throw new ArgumentException("The settings name neither a SQLite file nor a PostgreSQL connection string.", nameof(settings)));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return new FeedView(connection, "rabbitmq:" + queue);
    }

    /// <summary>Conversations and events in the store now.</summary>
    public async Task<(long Conversations, long Events)> CountAsync(CancellationToken cancellationToken)
    {
        await _counting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = _connection.CreateCommand();
            command.CommandText = CountSql;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return (reader.GetInt64(0), reader.GetInt64(1));
        }
        finally
        {
            _counting.Release();
        }
    }

    /// <summary>The feed's status as the service reports it; null when it does not list the feed (or does not answer).</summary>
    public async Task<FeedState?> StatusAsync(HttpClient client, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await client.GetFromJsonAsync<JsonElement>("admin/feeds", cancellationToken).ConfigureAwait(false);
            return answer.GetProperty("feeds").EnumerateArray()
                .Where(f => f.GetProperty("name").GetString() == Feed)
                .Select(FeedState.Read)
                .FirstOrDefault();
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }

    /// <summary>Conversations waiting for the metadata projection (<c>GET /api/admin/metadata</c>'s <c>pending</c>); null when the service does not answer.</summary>
    public static async Task<long?> MetadataPendingAsync(HttpClient client, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await client.GetFromJsonAsync<JsonElement>("admin/metadata", cancellationToken).ConfigureAwait(false);
            return answer.GetProperty("pending").GetInt64();
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync().ConfigureAwait(false);
        _counting.Dispose();
    }

    private static string? Setting(IReadOnlyList<string> settings, string prefix) =>
        settings.FirstOrDefault(s => s.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];
}

/// <summary>One feed in <c>GET /api/admin/feeds</c>: what this life of the service did.</summary>
/// <param name="State"><c>starting</c>, <c>connected</c>, <c>standby</c>, <c>reconnecting</c> or <c>stopped</c>.</param>
/// <param name="Messages">Messages committed.</param>
/// <param name="EventsStored">Events stored.</param>
/// <param name="Duplicates">Messages skipped as already stored (redeliveries).</param>
/// <param name="Rejected">Messages rejected.</param>
/// <param name="Lag">Ready messages in the queue when the service last looked.</param>
/// <param name="LastCommit">When it last committed, Unix seconds.</param>
internal sealed record FeedState(string State, long Messages, long EventsStored, long Duplicates, long Rejected, long? Lag, double? LastCommit)
{
    public bool Connected => State == "connected";

    public static FeedState Read(JsonElement feed) => new(
        feed.GetProperty("state").GetString() ?? "?",
        feed.GetProperty("messages").GetInt64(),
        feed.GetProperty("events_stored").GetInt64(),
        feed.GetProperty("duplicates").GetInt64(),
        feed.GetProperty("rejected").GetInt64(),
        feed.TryGetProperty("lag", out var lag) && lag.ValueKind == JsonValueKind.Number ? lag.GetInt64() : null,
        feed.TryGetProperty("last_commit", out var last) && last.ValueKind == JsonValueKind.Number ? last.GetDouble() : null);
}
