using RasaPlatform.Benchmarks.Run.Stores;
using RasaPlatform.Benchmarks.Tests.Listing;

namespace RasaPlatform.Benchmarks.Tests.DuckDb;

/// <summary>The listing's questions asked of DuckDB's flattened copy of the NDJSON give the service fold's answers.</summary>
public sealed class DuckDbBaselineSqlTests : BaselineSqlContract
{
    private protected override async Task<IBaselineTable> CreateTableAsync(byte[] events) => await DuckDbTables.LoadAsync(events);
}
