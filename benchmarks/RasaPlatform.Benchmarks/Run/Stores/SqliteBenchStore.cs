using Microsoft.Data.Sqlite;

namespace RasaPlatform.Benchmarks.Run.Stores;

/// <summary>SQLite stores as files in the run's work folder; removed on dispose unless kept.</summary>
internal sealed class SqliteBenchStore(string folder, bool keep) : IBenchStore
{
    private readonly List<string> _files = [];

    public string Name => "sqlite";

    public Task<IReadOnlyList<string>> CreateServiceStoreAsync(string name, CancellationToken cancellationToken)
    {
        var path = FreshFile(name);
        return Task.FromResult<IReadOnlyList<string>>(["--Storage:Provider=Sqlite", "--Storage:Sqlite:Path=" + path]);
    }

    public async Task<IRasaEventsTable> CreateRasaTableAsync(string name, CancellationToken cancellationToken)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = FreshFile(name), Pooling = true }.ToString();
        var table = new SqliteRasaEventsTable(connectionString);
        await table.CreateAsync(cancellationToken).ConfigureAwait(false);
        return table;
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (!keep)
        {
            foreach (var file in _files.SelectMany(f => new[] { f, f + "-wal", f + "-shm" }))
            {
                File.Delete(file);
            }
        }

        return ValueTask.CompletedTask;
    }

    private string FreshFile(string name)
    {
        var path = Path.Combine(folder, name + ".db");
        foreach (var stale in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(stale);
        }

        _files.Add(path);
        return path;
    }
}
