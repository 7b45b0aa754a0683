using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;
using RasaPlatform.Core.Import;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage.Sqlite;
using RasaPlatform.Testing;

namespace RasaPlatform.Core.Tests.Import;

/// <summary>A real SQLite store in a temp folder, migrated, with an importer over it; one per test.</summary>
internal sealed class ImportFixture : IAsyncDisposable
{
    private readonly SqliteConnections _connections;

    private ImportFixture(string folder, SqliteConnections connections, FakeClock clock)
    {
        Folder = folder;
        _connections = connections;
        Store = new SqliteConversationStore(connections, clock);
        Clock = clock;
    }

    public string Folder { get; }

    public FakeClock Clock { get; }

    public IConversationStore Store { get; }

    public StringWriter Progress { get; } = new();

    public static async Task<ImportFixture> CreateAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "rasa-import-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var clock = FakeClock.At(2024, 5, 1);
        var connections = new SqliteConnections(Options.Create(new SqliteStoreOptions { Path = Path.Combine(folder, "store.db") }));
        await new SqliteMigrator(connections, clock, NullLogger<SqliteMigrator>.Instance).MigrateAsync(CancellationToken.None);
        return new ImportFixture(folder, connections, clock);
    }

    public Task<ImportSummary> ImportAsync(params string[] paths) =>
        new ImportRunner(Store, Clock).RunAsync(paths, Progress, CancellationToken.None);

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    public async Task<List<string>> StoredJsonAsync(string senderId)
    {
        var events = new List<string>();
        await foreach (var e in Store.ReadEventsAsync(senderId, EventQuery.All, CancellationToken.None))
        {
            events.Add(e.Json);
        }

        return events;
    }

    public async ValueTask DisposeAsync()
    {
        _connections.Dispose();
        SqliteConnection.ClearAllPools();
        await Task.Yield();
        Directory.Delete(Folder, recursive: true);
    }

    /// <summary>Unix seconds of the fake clock, which the importer stamps on events without a timestamp.</summary>
    public double ClockSeconds => Clock.GetCurrentInstant().ToUnixTimeTicks() / (double)NodaConstants.TicksPerSecond;
}
