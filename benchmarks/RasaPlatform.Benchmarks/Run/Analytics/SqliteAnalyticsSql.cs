namespace RasaPlatform.Benchmarks.Run.Analytics;

/// <summary>Analytics on SQLite: <c>json_extract</c> and <c>json_each</c> over <c>data</c>.</summary>
internal sealed class SqliteAnalyticsSql : AnalyticsSql
{
    protected override string EntitySource => ", json_each(e.data, '$.parse_data.entities') x";

    protected override string EntityName => "json_extract(x.value, '$.entity')";

    protected override string EntityCondition =>
        " AND json_type(e.data, '$.parse_data.entities') = 'array' AND x.type = 'object' AND json_type(x.value, '$.entity') = 'text'";

    /// <summary>CAST truncates toward zero, which is the floor for what the bins ask: never negative (the range starts at bin 0).</summary>
    protected override string Floor(string expression) => $"CAST({expression} AS INTEGER)";

    protected override string JsonText(string data, string path) => $"json_extract({data}, '$.{path}')";
}
