using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using RasaPlatform.Testing.PostgreSql;
using Xunit.Abstractions;

namespace RasaPlatform.Api.Tests;

/// <summary>
/// Recovery after <c>kill -9</c>: the built service as real processes on a real store, killed with SIGKILL while its
/// metadata projection holds claims on queued conversations, then started again. A write after the restart must be
/// listed within the claim TTL (5 s) by every instance; what was written before the kill must all be listed in the
/// end, once.
/// </summary>
/// <remarks>
/// Both tests are in one class so that they run one after the other: each starts service processes of its own.
/// </remarks>
public sealed class KillRecoveryTests(ITestOutputHelper output)
{
    /// <summary>The projection's claim TTL (<c>MetadataProjectorOptions.ClaimTtl</c>), the bound on recovery.</summary>
    private static readonly TimeSpan ClaimTtl = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Conversations a burst writes (8 at a time) while the kill waits for claims.</summary>
    private const int Burst = 400;

    [Fact]
    public async Task Sqlite_KilledWhileProjecting_NewWritesAreListedWithinTheClaimTtl_AndNothingIsLostOrDoubled()
    {
        var directory = Directory.CreateTempSubdirectory("rasaplatform-kill-").FullName;
        try
        {
            var path = Path.Combine(directory, "api.db");
            string[] settings = ["--Storage:Provider=Sqlite", $"--Storage:Sqlite:Path={path}"];
            var store = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
            await RecoverAsync(settings, directory, instances: 1, () => new SqliteConnection(store));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [PostgreSqlFact]
    public async Task PostgreSql_OneOfTwoKilledWhileProjecting_BothListNewWritesWithinTheClaimTtl_AndNothingIsLostOrDoubled()
    {
        var schema = "test_api_kill_" + Guid.NewGuid().ToString("N")[..8];
        var directory = Directory.CreateTempSubdirectory("rasaplatform-kill-").FullName;
        try
        {
            var connectionString = PostgreSqlServer.WithSchema(schema);
            string[] settings = ["--Storage:Provider=PostgreSql", $"--Storage:PostgreSql:ConnectionString={connectionString}"];
            await RecoverAsync(settings, directory, instances: 2, () => new NpgsqlConnection(connectionString));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await PostgreSqlServer.DropSchemaAsync(schema);
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// Starts <paramref name="instances"/> services on the store, writes bursts of conversations until the first
    /// instance is killed holding claims, restarts it, and checks the listing of every instance.
    /// </summary>
    private async Task RecoverAsync(string[] settings, string directory, int instances, Func<DbConnection> store)
    {
        var clock = Stopwatch.StartNew();
        void Log(string what) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} s  {what}");
        var token = await ApiProcess.CreateTokenAsync(settings, directory);
        Log("token created");
        var services = Enumerable.Range(0, instances).Select(i => ApiProcess.Start(((char)('A' + i)).ToString(), settings, directory, token)).ToList();
        try
        {
            await Task.WhenAll(services.Select(s => s.WaitUntilAnsweringAsync(StartTimeout)));
            Log($"{services.Count} instance(s) answering");
            var killed = services[0];
            var (stored, stranded) = await KillWhileClaimingAsync(killed, services, store, Log);
            Assert.True(stranded.Count > 0, $"{killed.Name} never held claims when killed.{Environment.NewLine}{killed.Tail}");
            Log($"{killed.Name} killed holding {stranded.Count} claims, {stored} conversations stored");

            killed.Restart();
            await killed.WaitUntilAnsweringAsync(StartTimeout);
            Log($"{killed.Name} answering again");

            // One write to a conversation the dead process had claimed (the write frees it), one to a new conversation.
            foreach (var sender in new[] { stranded[0], "after-kill-" + Guid.NewGuid().ToString("N")[..8] })
            {
                var intent = "recovered_" + Guid.NewGuid().ToString("N")[..12];
                await WriteAsync(killed.Client, sender, intent);
                var acknowledged = Stopwatch.GetTimestamp();
                foreach (var service in services)
                {
                    var listed = await WaitUntilListedAsync(service.Client, intent, acknowledged, ClaimTtl);
                    Log($"{sender} listed by {service.Name} {Stopwatch.GetElapsedTime(acknowledged).TotalMilliseconds:F0} ms after its write: {listed}");
                    Assert.True(listed, $"{sender} (intent {intent}) was not listed by {service.Name} within {ClaimTtl.TotalSeconds} s of its write.{Environment.NewLine}{service.Tail}");
                }
            }

            // Claims the dead process left on conversations nobody wrote again run out; then every one is listed, once.
            foreach (var service in services)
            {
                await AssertEventuallyAsync(service, conversations: stored + 1, userMessages: stored + 2);
            }

            Log("everything listed once");
        }
        finally
        {
            foreach (var service in services)
            {
                await service.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Writes a burst of conversations through every instance and kills <paramref name="victim"/> as soon as the store
    /// shows it holding claims, mid-burst; another burst after a restart when its claims were gone by the time it died.
    /// </summary>
    /// <returns>
    /// Conversations stored once the bursts stopped (a write cut by the kill may or may not be), and those the dead
    /// process had claimed.
    /// </returns>
    /// <summary>
    /// How many bursts may pass before one catches the victim holding claims. A batch now reads its events in one query,
    /// so claims live only milliseconds between the claim and the save's commit, and a burst can miss them.
    /// </summary>
    private const int Attempts = 12;

    private static async Task<(int Stored, IReadOnlyList<string> Stranded)> KillWhileClaimingAsync(
        ApiProcess victim, List<ApiProcess> services, Func<DbConnection> store, Action<string> log)
    {
        IReadOnlyList<string> stranded = [];
        for (var attempt = 0; attempt < Attempts && stranded.Count == 0; attempt++)
        {
            if (attempt > 0)
            {
                victim.Restart();
                await victim.WaitUntilAnsweringAsync(StartTimeout);
            }

            var pid = victim.ProcessId;
            using var stop = new CancellationTokenSource();
            var acknowledged = new StrongBox<int>();
            var burst = BurstAsync(services, victim, attempt, acknowledged, stop.Token);
            while (!burst.IsCompleted && Volatile.Read(ref acknowledged.Value) < Burst / 4)
            {
                await Task.Delay(1);
            }

            if (await WaitForClaimsAsync(store, pid, burst))
            {
                victim.Kill();
                stranded = await ClaimsAsync(store, pid);
            }

            victim.Kill();
            await stop.CancelAsync();
            await burst;
            log($"burst {attempt}: {acknowledged.Value} writes acknowledged, {victim.Name} killed holding {stranded.Count} claims");
        }

        return (await CountAsync(store, "SELECT COUNT(*) FROM conversations"), stranded);
    }

    /// <summary>
    /// Writes up to <see cref="Burst"/> new conversations, 8 at a time, through the instances in turn, until
    /// <paramref name="stop"/>, counting those acknowledged in <paramref name="acknowledged"/>.
    /// </summary>
    /// <remarks>Writes through <paramref name="victim"/> may fail once it is killed; every other must succeed.</remarks>
    private static async Task BurstAsync(List<ApiProcess> services, ApiProcess victim, int attempt, StrongBox<int> acknowledged, CancellationToken stop)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = 8 };
        await Parallel.ForEachAsync(Enumerable.Range(0, Burst), options, async (i, _) =>
        {
            var service = services[i % services.Count];
            if (stop.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await WriteAsync(service.Client, string.Create(CultureInfo.InvariantCulture, $"before-kill-{attempt}-{i}"), "greet");
                Interlocked.Increment(ref acknowledged.Value);
            }
            catch (HttpRequestException) when (service == victim)
            {
                // Cut or refused by the kill.
            }
        });
    }

    /// <summary>Polls the store every millisecond until process <paramref name="pid"/> holds claims; false when the burst ended and a second passed without.</summary>
    private static async Task<bool> WaitForClaimsAsync(Func<DbConnection> store, int pid, Task burst)
    {
        await using var connection = store();
        await connection.OpenAsync();
        long? ended = null;
        while (ended is null || Stopwatch.GetElapsedTime(ended.Value) < TimeSpan.FromSeconds(1))
        {
            if ((await ClaimsAsync(connection, pid)).Count > 0)
            {
                return true;
            }

            ended ??= burst.IsCompleted ? Stopwatch.GetTimestamp() : null;
            await Task.Delay(1);
        }

        return false;
    }

    private static async Task<int> CountAsync(Func<DbConnection> store, string sql)
    {
        await using var connection = store();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task<IReadOnlyList<string>> ClaimsAsync(Func<DbConnection> store, int pid)
    {
        await using var connection = store();
        await connection.OpenAsync();
        return await ClaimsAsync(connection, pid);
    }

    /// <summary>The conversations the process <paramref name="pid"/> holds live claims on (owners are <c>{machine}/{pid}/{run}</c>).</summary>
    private static async Task<IReadOnlyList<string>> ClaimsAsync(DbConnection connection, int pid)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT c.sender_id FROM metadata_queue q JOIN conversations c ON c.id = q.conversation_id
            WHERE q.claim_owner LIKE @owner AND q.claimed_until_ms > @now
            """;
        AddParameter(command, "owner", string.Create(CultureInfo.InvariantCulture, $"%/{pid}/%"));
        AddParameter(command, "now", NodaTime.SystemClock.Instance.GetCurrentInstant().ToUnixTimeMilliseconds());
        var senders = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            senders.Add(reader.GetString(0));
        }

        return senders;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>Appends a user message with <paramref name="intent"/> and the <c>action_listen</c> after it.</summary>
    private static async Task WriteAsync(HttpClient client, string sender, string intent)
    {
        var now = NodaTime.SystemClock.Instance.GetCurrentInstant().ToUnixTimeMilliseconds() / 1000.0;
        var events = string.Create(CultureInfo.InvariantCulture, $$$"""
            [{"event":"user","timestamp":{{{now}}},"text":"hello {{{intent}}}","parse_data":{"intent":{"name":"{{{intent}}}","confidence":0.9},"entities":[]}},
             {"event":"action","timestamp":{{{now + 0.001}}},"name":"action_listen"}]
            """);
        using var content = new StringContent(events, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri($"/api/conversations/{sender}/tracker/events", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Polls the listing filtered on <paramref name="intent"/> every 10 ms until it shows a conversation, or the time since <paramref name="acknowledged"/> passes <paramref name="within"/>.</summary>
    private static async Task<bool> WaitUntilListedAsync(HttpClient client, string intent, long acknowledged, TimeSpan within)
    {
        while (Stopwatch.GetElapsedTime(acknowledged) <= within)
        {
            if (await ListedAsync(client, $"intent={intent}&limit=1") > 0)
            {
                return true;
            }

            await Task.Delay(10);
        }

        return false;
    }

    /// <summary>Waits until the listing counts <paramref name="conversations"/> and the statistics <paramref name="userMessages"/>, then asserts both.</summary>
    private static async Task AssertEventuallyAsync(ApiProcess service, int conversations, int userMessages)
    {
        var started = Stopwatch.GetTimestamp();
        long listed, messages;
        do
        {
            await Task.Delay(100);
            listed = await ListedAsync(service.Client, "limit=1");
            var statistics = JsonDocument.Parse(await service.Client.GetStringAsync(new Uri("/api/statistics", UriKind.Relative)));
            messages = statistics.RootElement.GetProperty("user_messages").GetInt64();
        }
        while ((listed != conversations || messages != userMessages) && Stopwatch.GetElapsedTime(started) < ClaimTtl * 4);

        Assert.Equal(conversations, listed);
        Assert.Equal(userMessages, messages);
    }

    private static async Task<long> ListedAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync(new Uri("/api/conversations?" + query, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return long.Parse(response.Headers.GetValues("X-Total-Count").Single(), CultureInfo.InvariantCulture);
    }
}
