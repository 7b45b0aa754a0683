using RasaPlatform.Benchmarks.Run.Stores;
using RasaPlatform.Benchmarks.Tests.Analytics;

namespace RasaPlatform.Benchmarks.Tests.DuckDb;

/// <summary>Analytics and statistics asked of DuckDB's flattened copy of the NDJSON give Core's folds' answers.</summary>
public sealed class DuckDbAnalyticsSqlTests : AnalyticsSqlContract
{
    private protected override async Task<IBaselineTable> CreateTableAsync(byte[] events) => await DuckDbTables.LoadAsync(events);
}
