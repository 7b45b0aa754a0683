using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RasaPlatform.Benchmarks.Generation;
using RasaPlatform.Benchmarks.Run;
using RasaPlatform.Core.Import;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage.Sqlite;
using RasaPlatform.Testing;

namespace RasaPlatform.Benchmarks.Tests;

/// <summary>What the benchmark imports goes in whole: generated data sets and the long conversation, into real SQLite.</summary>
public sealed class GeneratedImportTests : IAsyncLifetime
{
    private const int LongEvents = 1_500;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasa-bench-tests", Guid.NewGuid().ToString("N"));
    private readonly FakeClock _clock = FakeClock.At(2024, 5, 1);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        using var connections = Connections();
        await new SqliteMigrator(connections, _clock, NullLogger<SqliteMigrator>.Instance).MigrateAsync(CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Import_GeneratedSetAndLongConversation_StoresEveryEventWithoutRejects()
    {
        var set = Write("set.ndjson", s => DatasetGenerator.Generate(s, 300, 42));
        var expected = GeneratedData.Lines(File.ReadAllBytes(set)).Count();
        var longFile = Write("long.ndjson", s => LongConversation.Write(s, "bench-long", LongEvents, 42));

        using var connections = Connections();
        var store = new SqliteConversationStore(connections, _clock);

        var summary = await new ImportRunner(store, _clock).RunAsync([set, longFile], TextWriter.Null, CancellationToken.None);

        Assert.Equal(0, summary.Rejected);
        Assert.Equal(0, summary.ExitCode);
        Assert.Equal(expected + LongEvents, summary.EventsStored);
        Assert.Equal(301, summary.Conversations);
        Assert.Equal(LongEvents, await CountAsync(store, "bench-long"));
    }

    [Fact]
    public void LongConversation_SameSeed_ByteIdenticalAndTimestampsIncreasing()
    {
        var first = Write("a.ndjson", s => LongConversation.Write(s, "x", LongEvents, 7));
        var second = Write("b.ndjson", s => LongConversation.Write(s, "x", LongEvents, 7));
        var timestamps = GeneratedData.Conversations(File.ReadAllBytes(first)).Single().Select(e => e.GetProperty("timestamp").GetDouble()).ToList();

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
        Assert.Equal(LongEvents, timestamps.Count);
        Assert.All(timestamps.Zip(timestamps.Skip(1)), pair => Assert.True(pair.First < pair.Second));
    }

    private SqliteConnections Connections() => new(Options.Create(new SqliteStoreOptions { Path = Path.Combine(_folder, "store.db") }));

    private string Write(string name, Action<Stream> write)
    {
        var path = Path.Combine(_folder, name);
        using var file = File.Create(path);
        write(file);
        return path;
    }

    private static async Task<int> CountAsync(SqliteConversationStore store, string senderId)
    {
        var count = 0;
        await foreach (var _ in store.ReadEventsAsync(senderId, EventQuery.All, CancellationToken.None))
        {
            count++;
        }

        return count;
    }
}
