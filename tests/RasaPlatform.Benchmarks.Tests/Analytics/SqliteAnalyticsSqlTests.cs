using Microsoft.Data.Sqlite;
using RasaPlatform.Benchmarks.Run.Stores;

namespace RasaPlatform.Benchmarks.Tests.Analytics;

public sealed class SqliteAnalyticsSqlTests : AnalyticsSqlContract
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "rasa-bench-tests", Guid.NewGuid().ToString("N") + ".db");

    private protected override async Task<IBaselineTable> CreateTableAsync(byte[] events)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var table = new SqliteRasaEventsTable(new SqliteConnectionStringBuilder { DataSource = _path }.ToString());
        await table.CreateAsync(CancellationToken.None);
        await table.InsertAsync(GeneratedData.RasaRows(events), CancellationToken.None);
        return table;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
