namespace RasaPlatform.Benchmarks.Run;

/// <summary>One row of the results table.</summary>
/// <param name="What">What was measured, with enough context to read it alone.</param>
/// <param name="Value">The measurement.</param>
/// <param name="Unit">Its unit.</param>
/// <param name="Baseline">What it is compared with, in the same unit; null when nothing is.</param>
/// <param name="Ratio">How it compares: <c>value / baseline</c> unless the row says otherwise.</param>
/// <param name="VersusFloor">For latencies: value / the same percentile of <c>GET /api/version</c> (one HTTP round trip).</param>
/// <param name="Target">The target, in words; empty when the row only reports.</param>
/// <param name="Met">Whether the target was met; null when there is none.</param>
/// <param name="DuckDb">For a latency: DuckDB's times for the same question (the second baseline); null when not asked.</param>
internal sealed record ResultRow(
    string What,
    double Value,
    string Unit,
    double? Baseline = null,
    double? Ratio = null,
    double? VersusFloor = null,
    string Target = "",
    bool? Met = null,
    DuckDb.DuckDbTimes? DuckDb = null);
