using RasaPlatform.Benchmarks.Run.DuckDb;

namespace RasaPlatform.Benchmarks.Run.Analytics;

/// <summary>Analytics on DuckDB's flattened copy of the events (<see cref="DuckDbEvents"/>): columns, and the entity names unnested.</summary>
internal sealed class DuckDbAnalyticsSql : AnalyticsSql
{
    protected override string EntitySource => ", unnest(e.entities) AS x(entity)";

    protected override string EntityName => "x.entity";

    protected override string EntityCondition => " AND x.entity IS NOT NULL";

    protected override string Floor(string expression) => $"CAST(floor({expression}) AS BIGINT)";

    protected override string JsonText(string data, string path) => DuckDbEvents.Column(data, path);
}
