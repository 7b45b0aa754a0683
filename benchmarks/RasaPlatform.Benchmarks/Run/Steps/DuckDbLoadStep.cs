using System.Diagnostics;
using RasaPlatform.Benchmarks.Run.DuckDb;

namespace RasaPlatform.Benchmarks.Run.Steps;

/// <summary>
/// Loads the NDJSON the import reads (the data set and the long conversation) into DuckDB in process, as an analyst
/// would (<see cref="DuckDbEvents"/>), and times it: the second baseline, for the catch-up's time and, kept, for the
/// listing and analytics rows. Skipped with <c>--no-duckdb</c>.
/// </summary>
/// <param name="keep">Whether to keep the table for later steps; if not, it is dropped once timed.</param>
internal sealed class DuckDbLoadStep(bool keep) : IMeasurementStep
{
    public string Name => "DuckDB load";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        if (!context.Options.DuckDb)
        {
            context.Progress($"DuckDB skipped (--no-duckdb)");
            return;
        }

        var data = context.RequireData();
        string[] files = [data.Main, data.Long];
        var duck = await DuckDbEvents.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var started = Stopwatch.GetTimestamp();
            var rows = await duck.LoadAsync(files, cancellationToken).ConfigureAwait(false);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var version = await duck.VersionAsync(cancellationToken).ConfigureAwait(false);
            var mib = files.Sum(DataSet.MiB);
            context.DuckDbLoadSeconds = seconds;
            context.AddRaw("duckdb.version", $"{version}");
            context.AddRaw("duckdb.load_rows", $"{rows}");
            context.AddRaw("duckdb.load_seconds", $"{seconds:F3}");
            context.Progress($"DuckDB {version}: {rows} rows in {seconds:F1} s");
            context.Rows.Add(new ResultRow(
                $"DuckDB load of the NDJSON ({mib:N0} MiB, {rows:N0} rows, {rows / seconds:N0} rows/s; DuckDB {version} in process, read_json into an in-memory table of flattened event fields)",
                seconds,
                "s",
                Target: "report"));
            if (keep)
            {
                context.DuckDb = duck;
                duck = null;
            }
        }
        finally
        {
            if (duck is not null)
            {
                await duck.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
