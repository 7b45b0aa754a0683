using System.Globalization;

namespace RasaPlatform.Benchmarks.Run.DuckDb;

/// <summary>DuckDB's answer to one question of a row: how it compares with ours, and its times.</summary>
/// <param name="Latencies">The times of the timed rounds.</param>
/// <param name="Disagreement">How our answer differs from DuckDB's, in words; null when they agree.</param>
internal sealed record DuckDbAnswer(Latencies Latencies, string? Disagreement)
{
    /// <summary>From this size (conversations) on, every listing, analytics and statistics row must beat DuckDB: L.</summary>
    public const long FasterFromConversations = Generation.DatasetSize.Large;

    public DuckDbTimes Times => new(Latencies.Percentile(50), Latencies.Percentile(95));

    /// <summary>Said in the row when the answers differ; empty when they agree.</summary>
    public string Note => Disagreement is null ? "" : $" **differs from DuckDB: {Disagreement}**";

    /// <summary>Added to a row's target: from <see cref="FasterFromConversations"/> on, faster than DuckDB.</summary>
    public static string TargetSuffix(BenchContext context) =>
        context.DuckDb is not null && context.Options.Conversations >= FasterFromConversations ? ", < DuckDB" : "";

    /// <summary>
    /// Whether a row whose p95 is <paramref name="ours"/> ms meets DuckDB's part of its target: the same answer, and
    /// from <see cref="FasterFromConversations"/> on a p95 below DuckDB's median. True when DuckDB was not asked.
    /// </summary>
    public static bool Met(BenchContext context, DuckDbAnswer? duck, double ours) =>
        duck is null
        || (duck.Disagreement is null && (context.Options.Conversations < FasterFromConversations || duck.Times.Ratio(ours) < 1));

    /// <summary>Records the answer's raw times under <paramref name="key"/><c>_duckdb_ms</c>.</summary>
    public void AddRaw(BenchContext context, string key) =>
        context.AddRaw(key + "_duckdb_ms", $"p50={Latencies.Percentile(50).ToString("F3", CultureInfo.InvariantCulture)} p95={Latencies.Percentile(95).ToString("F3", CultureInfo.InvariantCulture)} p99={Latencies.Percentile(99).ToString("F3", CultureInfo.InvariantCulture)}");
}
