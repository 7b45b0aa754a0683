namespace RasaPlatform.Benchmarks.Run.Analytics;

/// <summary>Analytics on PostgreSQL: <c>data</c> (text) cast to <c>json</c> for scalars, to <c>jsonb</c> for the entities.</summary>
internal sealed class PostgresAnalyticsSql : AnalyticsSql
{
    protected override string EntitySource => ", jsonb_array_elements(CASE WHEN jsonb_typeof(e.data::jsonb #> '{parse_data,entities}') = 'array' "
        + "THEN e.data::jsonb #> '{parse_data,entities}' ELSE '[]'::jsonb END) x";

    protected override string EntityName => "(x ->> 'entity')";

    protected override string EntityCondition => " AND jsonb_typeof(x) = 'object' AND jsonb_typeof(x -> 'entity') = 'string'";

    /// <summary><c>floor</c>, not a cast: PostgreSQL's cast to an integer rounds.</summary>
    protected override string Floor(string expression) => $"floor({expression})::bigint";

    protected override string JsonText(string data, string path) => $"({data}::json #>> '{{{path.Replace('.', ',')}}}')";
}
