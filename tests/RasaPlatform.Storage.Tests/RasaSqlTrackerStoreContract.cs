using System.Data.Common;
using System.Text.Json;
using NodaTime;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Import;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage.Rasa;
using RasaPlatform.Storage.Tests.Infrastructure;
using RasaPlatform.Testing;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Storage.Tests;

/// <summary>
/// <c>import --from-rasa-sql</c>: a database laid out as Rasa's SQLTrackerStore lays it out (REFERENCE.md §9), its
/// rows interleaved across conversations as a live assistant writes them, imported into a real SQLite store.
/// </summary>
public abstract class RasaSqlTrackerStoreContract(SqliteDatabase destination) : IAsyncLifetime
{
    /// <summary>The Rasa database's connection string, for <see cref="RasaSqlTrackerStore.Open"/>.</summary>
    protected abstract string RasaConnectionString { get; }

    protected abstract Task<DbConnection> OpenRasaAsync();

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [ContractFact]
    public async Task Import_EveryConversationWhole_InRowOrder_AndAgainStoresNothing()
    {
        var moodbot = Events("rasa/tracker_moodbot.json");
        var (a, b) = ("rasa-a-" + Guid.NewGuid().ToString("N")[..8], "rasa-b-" + Guid.NewGuid().ToString("N")[..8]);
        // Interleaved as two live conversations write them; b's first row comes after a's.
        var rows = new List<(string Sender, string Data)>();
        for (var i = 0; i < moodbot.Count; i++)
        {
            rows.Add((a, moodbot[i]));
            rows.Add((b, moodbot[moodbot.Count - 1 - i]));
        }

        await CreateRasaTableAsync(rows);
        var source = RasaSqlTrackerStore.Open(RasaConnectionString);

        var read = await source.ReadAsync(0, CancellationToken.None).ToListAsync();
        Assert.Equal([a, b], read.Select(c => c.SenderId));
        Assert.Equal(moodbot, read[0].Events);
        Assert.Equal(Enumerable.Reverse(moodbot), read[1].Events);
        Assert.Equal(moodbot.Count * 2, await source.CountRowsAsync(0, CancellationToken.None));

        var first = await ImportAsync(source);
        var again = await ImportAsync(source);

        Assert.Equal((2, 0, moodbot.Count * 2L), (first.Conversations, first.Rejected, first.EventsStored));
        Assert.Equal((0, 0L), (again.Rejected, again.EventsStored));
        var stored = await destination.Store.ReadEventsAsync(a, EventQuery.All, CancellationToken.None).ToListAsync();
        Assert.Equal(
            moodbot.Select(e => JsonDocument.Parse(e).RootElement.GetProperty("event").GetString()),
            stored.Select(e => e.Type));
    }

    [ContractFact]
    public async Task Import_AConversationWithABadEvent_IsReportedAndSkippedWhole_OthersImported()
    {
        var (good, bad) = ("rasa-good-" + Guid.NewGuid().ToString("N")[..8], "rasa-bad-" + Guid.NewGuid().ToString("N")[..8]);
        await CreateRasaTableAsync(
        [
            (bad, """{"event":"user","timestamp":1,"text":"hi"}"""),
            (good, """{"event":"user","timestamp":2,"text":"hello"}"""),
            (bad, """{"event":"user","timestamp":1e300,"text":"poison"}"""),
            (bad, "not json"),
        ]);

        var summary = await ImportAsync(RasaSqlTrackerStore.Open(RasaConnectionString));

        Assert.Equal((2L, 1L, 1), (summary.Records, summary.Rejected, summary.Conversations));
        Assert.Contains(summary.Errors, e => e.Message.Contains(bad, StringComparison.Ordinal) && e.Message.Contains("events[1]", StringComparison.Ordinal));
        Assert.Single(await destination.Store.ReadEventsAsync(good, EventQuery.All, CancellationToken.None).ToListAsync());
        Assert.Empty(await destination.Store.ReadEventsAsync(bad, EventQuery.All, CancellationToken.None).ToListAsync());
    }

    [ContractFact]
    public async Task Import_Interrupted_ResumesAfterTheLastCommittedConversation_AndAFullRunStartsOverNextTime()
    {
        var senders = Enumerable.Range(0, 3).Select(i => $"rasa-resume{i}-" + Guid.NewGuid().ToString("N")[..8]).ToList();
        await CreateRasaTableAsync([.. senders.Select((s, i) => (s, $$"""{"event":"user","timestamp":{{i + 1}},"text":"hi"}"""))]);
        var source = RasaSqlTrackerStore.Open(RasaConnectionString);
        var runner = new ImportRunner(destination.Store, SystemClock.Instance, destination.Feeds) { BatchEvents = 1 };
        var checkpoint = ImportRunner.CheckpointOf(source);

        // The first run's source fails after two conversations, as a dropped connection would.
        var interrupted = await runner.RunAsync(new FailingAfter(source, 2), TextWriter.Null, CancellationToken.None);
        Assert.Equal(1, interrupted.FilesFailed);
        Assert.Equal(2, await destination.Feeds.PositionAsync(checkpoint, CancellationToken.None));

        // Conversation 0 is deleted here: a resumed run does not read it again, so it stays deleted.
        await destination.Store.DeleteAsync([senders[0]], CancellationToken.None);
        var progress = new StringWriter();
        var resumed = await runner.RunAsync(source, progress, CancellationToken.None);

        Assert.Contains("resuming an interrupted import", progress.ToString(), StringComparison.Ordinal);
        Assert.Equal((1L, 1L), (resumed.Records, resumed.EventsStored));
        Assert.Null(await destination.Store.FindAsync(senders[0], CancellationToken.None));
        Assert.NotNull(await destination.Store.FindAsync(senders[2], CancellationToken.None));
        Assert.Null(await destination.Feeds.PositionAsync(checkpoint, CancellationToken.None));

        var full = await runner.RunAsync(source, TextWriter.Null, CancellationToken.None);
        Assert.Equal((3L, 1L), (full.Records, full.EventsStored));
    }

    [Fact]
    public void Open_NeitherPostgreSqlNorSqlite_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => RasaSqlTrackerStore.Open("Uri=mongodb://localhost;Database=rasa"));
    }

    /// <summary>A source whose reading fails, as a lost connection does, after <paramref name="conversations"/> conversations.</summary>
    private sealed class FailingAfter(IRasaConversationSource source, int conversations) : IRasaConversationSource
    {
        public string Name => source.Name;

        public Task<long> CountRowsAsync(long afterFirstRowId, CancellationToken cancellationToken) => source.CountRowsAsync(afterFirstRowId, cancellationToken);

        public async IAsyncEnumerable<RasaStoredConversation> ReadAsync(
            long afterFirstRowId,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var read = 0;
            await foreach (var conversation in source.ReadAsync(afterFirstRowId, cancellationToken))
            {
                if (read++ == conversations)
                {
                    throw new LostConnectionException();
                }

                yield return conversation;
            }
        }
    }

    private sealed class LostConnectionException() : DbException("the connection was lost");

    private async Task<ImportSummary> ImportAsync(IRasaConversationSource source) =>
        await new ImportRunner(destination.Store, SystemClock.Instance).RunAsync(source, TextWriter.Null, CancellationToken.None);

    /// <summary>Rasa's table, as SQLAlchemy creates it for SQLTrackerStore, with the rows in id order.</summary>
    private async Task CreateRasaTableAsync(List<(string Sender, string Data)> rows)
    {
        await using var connection = await OpenRasaAsync();
        await ExecuteAsync(connection, "DROP TABLE IF EXISTS events");
        await ExecuteAsync(
            connection,
            """
            CREATE TABLE events (
                id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, type_name VARCHAR(255) NOT NULL,
                timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT)
            """);
        await ExecuteAsync(connection, "CREATE INDEX ix_events_sender_id ON events (sender_id)");
        for (var i = 0; i < rows.Count; i++)
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO events (id, sender_id, type_name, timestamp, data) VALUES (@id, @sender, @type, @timestamp, @data)";
            Add(insert, "id", (long)(i + 1));
            Add(insert, "sender", rows[i].Sender);
            Add(insert, "type", "event");
            Add(insert, "timestamp", (double)i);
            Add(insert, "data", rows[i].Data);
            await insert.ExecuteNonQueryAsync();
        }
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A real Rasa tracker's events, each as the JSON Rasa's SQLTrackerStore keeps in <c>data</c>.</summary>
    private static List<string> Events(string file)
    {
        using var tracker = JsonDocument.Parse(File.ReadAllText(SharedData.PathOf(file)));
        return [.. tracker.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetRawText())];
    }
}

public sealed class SqliteRasaSqlTrackerStoreTests(SqliteDatabase destination)
    : RasaSqlTrackerStoreContract(destination), IClassFixture<SqliteDatabase>
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"rasa-tracker-store-{Guid.NewGuid():N}.db");

    protected override string RasaConnectionString => $"Data Source={_path}";

    protected override async Task<DbConnection> OpenRasaAsync()
    {
        var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_path};Pooling=false");
        await connection.OpenAsync();
        return connection;
    }

    public override Task InitializeAsync() => Task.CompletedTask;

    public override Task DisposeAsync()
    {
        File.Delete(_path);
        return Task.CompletedTask;
    }
}

[RequiresPostgreSql]
public sealed class PostgreSqlRasaSqlTrackerStoreTests(SqliteDatabase destination)
    : RasaSqlTrackerStoreContract(destination), IClassFixture<SqliteDatabase>
{
    private readonly string _schema = $"rasa_source_{Guid.NewGuid():N}"[..24];

    protected override string RasaConnectionString => PostgreSqlServer.WithSchema(_schema);

    protected override async Task<DbConnection> OpenRasaAsync()
    {
        var connection = new Npgsql.NpgsqlConnection(RasaConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public override async Task InitializeAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(PostgreSqlServer.ConnectionString);
        await connection.OpenAsync();
        await using var create = new Npgsql.NpgsqlCommand($"CREATE SCHEMA \"{_schema}\"", connection);
        await create.ExecuteNonQueryAsync();
    }

    public override Task DisposeAsync() => PostgreSqlServer.DropSchemaAsync(_schema);
}
