using System.Data.Common;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Storage;
using RasaPlatform.Testing;
using RasaPlatform.Testing.PostgreSql;
using RasaPlatform.Testing.RabbitMq;

namespace RasaPlatform.Api.Tests;

/// <summary>
/// The feed from Rasa's SQL event broker: its table <c>events(id, sender_id, data)</c> laid out as Rasa's SQLAlchemy
/// model lays it out, in a real SQLite file and a real PostgreSQL schema, tailed by the real service.
/// </summary>
public sealed class SqlEventBrokerFeedTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Sqlite_RowsAreStoredOnce_PoisonRowsRejected_AndARestartResumesAfterTheLastCommittedRow()
    {
        var directory = Directory.CreateTempSubdirectory("rasaplatform-sqlbroker-").FullName;
        try
        {
            var rasa = $"Data Source={Path.Combine(directory, "events.db")};Pooling=False";
            await TailAsync("Sqlite", rasa, () => new SqliteConnection(rasa), "INTEGER PRIMARY KEY", directory);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [PostgreSqlFact]
    public async Task PostgreSql_RowsAreStoredOnce_PoisonRowsRejected_AndARestartResumesAfterTheLastCommittedRow()
    {
        var schema = "test_sqlbroker_" + Guid.NewGuid().ToString("N")[..8];
        var directory = Directory.CreateTempSubdirectory("rasaplatform-sqlbroker-").FullName;
        try
        {
            var rasa = PostgreSqlServer.WithSchema(schema);
            await using (var admin = new NpgsqlConnection(PostgreSqlServer.ConnectionString))
            {
                await admin.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE SCHEMA \"{schema}\"", admin);
                await create.ExecuteNonQueryAsync();
            }

            await TailAsync("PostgreSql", rasa, () => new NpgsqlConnection(rasa), "SERIAL PRIMARY KEY", directory);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await PostgreSqlServer.DropSchemaAsync(schema);
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Misconfigured_TheServiceDoesNotStart_AndSaysWhichSetting()
    {
        using var factory = new SqliteApiFactory
        {
            Settings = new Dictionary<string, string?>
            {
                ["Feeds:SqlEventBroker:ConnectionString"] = "Data Source=events.db",
                ["Feeds:SqlEventBroker:Provider"] = "MySql",
            },
        };

        var error = Assert.ThrowsAny<InvalidOperationException>(() => factory.CreateClient());
        Assert.Contains("Feeds:SqlEventBroker:Provider", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARabbitMqUriThatIsNotAmqp_TheServiceDoesNotStart_AndSaysWhichSetting()
    {
        using var factory = new SqliteApiFactory
        {
            Settings = new Dictionary<string, string?> { ["Feeds:RabbitMq:Uri"] = "http://localhost:15672" },
        };

        var error = Assert.ThrowsAny<InvalidOperationException>(() => factory.CreateClient());
        Assert.Contains("Feeds:RabbitMq:Uri", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Rasa's table with moodbot's events of two conversations, interleaved, then the service tailing it.</summary>
    private static async Task TailAsync(string provider, string rasa, Func<DbConnection> connect, string idColumn, string directory)
    {
        await ExecuteAsync(connect, $"CREATE TABLE events (id {idColumn}, sender_id VARCHAR(255), data TEXT)");
        var moodbot = Moodbot();
        var (a, b) = ("sqlbroker-a-" + Guid.NewGuid().ToString("N")[..8], "sqlbroker-b-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var e in moodbot)
        {
            await InsertAsync(connect, a, RasaPublisher.Text(RasaPublisher.Body(a, e)));
            await InsertAsync(connect, b, RasaPublisher.Text(RasaPublisher.Body(b, e)));
        }

        var settings = new Dictionary<string, string?>
        {
            ["Storage:Sqlite:Path"] = Path.Combine(directory, "api.db"),
            ["Feeds:SqlEventBroker:Provider"] = provider,
            ["Feeds:SqlEventBroker:ConnectionString"] = rasa,
            ["Feeds:SqlEventBroker:PollInterval"] = "00:00:00.05",
            ["Feeds:SqlEventBroker:BatchSize"] = "7",
        };
        var rows = moodbot.Count * 2;
        using (var factory = new SqliteApiFactory { Settings = settings })
        {
            var client = factory.CreateClient();
            var store = factory.Services.GetRequiredService<IConversationStore>();
            await Until(async () => (await store.FindAsync(b, CancellationToken.None))?.EventCount == moodbot.Count, "both conversations stored");
            foreach (var sender in new[] { a, b })
            {
                var stored = await store.ReadEventsAsync(sender, EventQuery.All, CancellationToken.None).Select(e => e.Json).ToListAsync();
                Assert.Equal(moodbot.Select(StoredForm), stored);
            }

            await Until(async () => (await FeedAsync(client)).GetProperty("position").GetInt64() == rows, "the position at the last row");

            // A row that can never be stored is rejected with its row id, and the rows after it flow on.
            await InsertAsync(connect, a, """{"sender_id":"x","event":"user","timestamp":"soon"}""");
            await InsertAsync(connect, a, RasaPublisher.Text(RasaPublisher.Body(a, """{"event":"user","timestamp":1700000000.25,"text":"after"}""")));
            await Until(async () => (await store.FindAsync(a, CancellationToken.None))?.EventCount == moodbot.Count + 1, "the row after the poison stored");
            var reject = Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/admin/feeds/rejects?feed=sql-event-broker")).GetProperty("rejects").EnumerateArray());
            Assert.Equal(($"row {rows + 1}", "message.timestamp"), (reject.GetProperty("source").GetString(), reject.GetProperty("field").GetString()));
            Assert.Equal("connected", (await FeedAsync(client)).GetProperty("state").GetString());
        }

        // Rows written while the service is down are read after a restart, and none before them again.
        await InsertAsync(connect, b, RasaPublisher.Text(RasaPublisher.Body(b, """{"event":"user","timestamp":1700000001.25,"text":"while down"}""")));
        using (var factory = new SqliteApiFactory { Settings = settings })
        {
            var client = factory.CreateClient();
            var store = factory.Services.GetRequiredService<IConversationStore>();
            await Until(async () => (await store.FindAsync(b, CancellationToken.None))?.EventCount == moodbot.Count + 1, "the row written while down stored");
            var feed = await FeedAsync(client);
            Assert.Equal((rows + 3L, 1L, 0L, 0L), (feed.GetProperty("position").GetInt64(), feed.GetProperty("messages").GetInt64(), feed.GetProperty("duplicates").GetInt64(), feed.GetProperty("lag").GetInt64()));
            Assert.Equal(moodbot.Count + 1, (await store.FindAsync(a, CancellationToken.None))!.EventCount);
        }

        // Rasa's rows are all still there: the feed only reads.
        await using var connection = connect();
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM events";
        Assert.Equal(rows + 3L, Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task ExecuteAsync(Func<DbConnection> connect, string sql)
    {
        await using var connection = connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task InsertAsync(Func<DbConnection> connect, string sender, string data)
    {
        await using var connection = connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO events (sender_id, data) VALUES (@sender, @data)";
        foreach (var (name, value) in new[] { ("sender", sender), ("data", data) })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        await command.ExecuteNonQueryAsync();
    }

    private static List<string> Moodbot()
    {
        using var tracker = JsonDocument.Parse(File.ReadAllText(SharedData.PathOf("rasa/tracker_moodbot.json")));
        return [.. tracker.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetRawText())];
    }

    private static string StoredForm(string eventJson)
    {
        using var document = JsonDocument.Parse(eventJson);
        return EventNormalizer.Normalize(document.RootElement, Instant.FromUnixTimeSeconds(0), "event").Json;
    }

    private static async Task<JsonElement> FeedAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/admin/feeds")).GetProperty("feeds").EnumerateArray()
            .Single(f => f.GetProperty("name").GetString() == "sql-event-broker");

    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        var started = Stopwatch.GetTimestamp();
        while (!await condition())
        {
            Assert.True(Stopwatch.GetElapsedTime(started) < Patience, $"Not within {Patience.TotalSeconds} s: {what}.");
            await Task.Delay(50);
        }
    }
}
