namespace RasaPlatform.Benchmarks.Run.DuckDb;

/// <summary>DuckDB's answer times for one question of a row, in milliseconds.</summary>
/// <param name="P50">The median.</param>
/// <param name="P95">The 95th percentile.</param>
internal sealed record DuckDbTimes(double P50, double P95)
{
    /// <summary>
    /// Ours ÷ DuckDB: the row's value (our p95) over DuckDB's median, as the SQL baseline's median is compared with our
    /// p95; below 1 when ours is faster.
    /// </summary>
    public double Ratio(double ours) => ours / P50;
}
