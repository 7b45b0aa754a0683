using System.Globalization;
using RasaPlatform.Benchmarks.Run;
using RasaPlatform.Benchmarks.Run.DuckDb;
using RasaPlatform.Benchmarks.Run.Listing;

namespace RasaPlatform.Benchmarks.Tests.DuckDb;

public sealed class DuckDbEventsTests
{
    [Fact]
    public async Task LoadAsync_EveryEvent_HasRasasColumnsAndItsPositionInTheFileAsId()
    {
        var expected = GeneratedData.RasaRows(GeneratedData.Small);
        await using var duck = await DuckDbTables.LoadAsync(GeneratedData.Small);

        var rows = await duck.QueryAsync(
            new SqlText("SELECT concat_ws('|', id, sender_id, type_name, timestamp, intent_name, action_name) FROM events ORDER BY id", []), CancellationToken.None);

        Assert.Equal(
            expected.Select((r, i) => string.Join('|', new object?[] { i, r.SenderId, r.TypeName, r.Timestamp, r.IntentName, r.ActionName }
                .Where(v => v is not null).Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))),
            rows.Select(r => r.Text));
    }

    [Fact]
    public void Column_AQualifiedOrBareJsonPath_IsItsFlattenedColumn()
    {
        Assert.Equal("e.intent_confidence", DuckDbEvents.Column("e.data", "parse_data.intent.confidence"));
        Assert.Equal("assistant_id", DuckDbEvents.Column("data", "metadata.assistant_id"));
        Assert.Throws<ArgumentException>(() => DuckDbEvents.Column("e.data", "parse_data.intent.name"));
    }

    [Fact]
    public void Report_RowsWithDuckDbTimes_HaveItsColumnsAndOursOverItsMedian()
    {
        var rows = new[]
        {
            new ResultRow("listing p95", 4, "ms", 800, 200, DuckDb: new DuckDbTimes(8, 10)),
            new ResultRow("DuckDB load", 12.5, "s"),
        };

        var report = MarkdownReport.Build(["### run"], rows, [], []);

        Assert.Contains("| DuckDB p50 / p95 | ours ÷ DuckDB |", report, StringComparison.Ordinal);
        Assert.Contains("| listing p95 | 4.00 | ms | 800.0 | 200.00× | 8.00 / 10.0 | 0.50× |", report, StringComparison.Ordinal);
        Assert.Contains("| DuckDB load | 12.5 | s |  |  |  |  |", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_WithoutDuckDbTimes_KeepsTheUsualColumns()
    {
        var report = MarkdownReport.Build(["### run"], [new ResultRow("bulk import", 1000, "events/s")], [], []);

        Assert.Contains("| what | value | unit | baseline | ratio | vs /version | target | met? |", report, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--store", "sqlite", "--size", "S" }, true)]
    [InlineData(new[] { "--store", "sqlite", "--size", "S", "--no-duckdb" }, false)]
    public void RunOptions_DuckDb_IsOnUnlessSkipped(string[] args, bool duckDb)
    {
        Assert.True(RunOptions.TryParse(args, "/tmp/data", "-", out var options, out var problem), problem);
        Assert.Equal(duckDb, options.DuckDb);
    }
}
