using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using NodaTime;
using Npgsql;

namespace RasaPlatform.Benchmarks.Recovery;

/// <summary>
/// The metadata queue as the store holds it, read directly (not through the service): who holds live claims on which
/// conversations, and whether every conversation's metadata is at its latest revision.
/// </summary>
/// <remarks>
/// The SQL is the same for both engines. A claim's owner is <c>{machine}/{process id}/{run}</c>
/// (<c>MetadataProjector</c>), so the process holding it is known; a claim is live while <c>claimed_until_ms</c>, in
/// Unix milliseconds of the service's clock (this machine's), is in the future.
/// </remarks>
internal sealed class QueueView : IAsyncDisposable
{
    private const string LiveClaimsSql = """
        SELECT q.claim_owner, c.sender_id FROM metadata_queue q JOIN conversations c ON c.id = q.conversation_id
        WHERE q.claim_owner IS NOT NULL AND q.claimed_until_ms > @now
        """;

    private const string StateSql = """
        SELECT (SELECT COUNT(*) FROM conversations),
            (SELECT COUNT(*) FROM conversations c JOIN conversation_metadata m ON m.conversation_id = c.id AND m.revision = c.revision),
            (SELECT COUNT(*) FROM metadata_queue)
        """;

    private readonly DbConnection _connection;

    private QueueView(DbConnection connection) => _connection = connection;

    /// <summary>Opens a view of the store the service's <c>--Storage:...</c> <paramref name="settings"/> name.</summary>
    public static async Task<QueueView> OpenAsync(IReadOnlyList<string> settings, CancellationToken cancellationToken)
    {
        DbConnection connection = Setting(settings, "--Storage:Sqlite:Path=") is { } path
            ? new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString())
            : new NpgsqlConnection(Setting(settings, "--Storage:PostgreSql:ConnectionString=")
                ?? throw new ArgumentException("The settings name neither a SQLite file nor a PostgreSQL connection string.", nameof(settings)));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return new QueueView(connection);
    }

    /// <summary>The live claims: the process id of each owner and the conversation it holds.</summary>
    public async Task<IReadOnlyList<(int ProcessId, string SenderId)>> LiveClaimsAsync(CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = LiveClaimsSql;
        var now = command.CreateParameter();
        now.ParameterName = "now";
        now.Value = SystemClock.Instance.GetCurrentInstant().ToUnixTimeMilliseconds();
        command.Parameters.Add(now);
        var claims = new List<(int, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            claims.Add((OwnerProcess(reader.GetString(0)), reader.GetString(1)));
        }

        return claims;
    }

    /// <summary>Conversations stored, those whose metadata is at their latest revision, and queue items.</summary>
    public async Task<QueueState> StateAsync(CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = StateSql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new QueueState(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    /// <summary>The process id in a claim owner <c>{machine}/{pid}/{run}</c>; 0 when it has another shape.</summary>
    internal static int OwnerProcess(string owner)
    {
        var parts = owner.Split('/');
        return parts.Length >= 3 && int.TryParse(parts[^2], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0;
    }

    private static string? Setting(IReadOnlyList<string> settings, string prefix) =>
        settings.FirstOrDefault(s => s.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];
}

/// <summary>The store's counts at one moment.</summary>
/// <param name="Conversations">Conversations stored.</param>
/// <param name="Current">Of those, conversations whose metadata was folded at their latest revision.</param>
/// <param name="Queued">Items in the metadata queue.</param>
internal sealed record QueueState(long Conversations, long Current, long Queued)
{
    /// <summary>Whether the projection has caught up with every write: nothing queued, every conversation current.</summary>
    public bool CaughtUp => Queued == 0 && Current == Conversations;
}
