using System.Diagnostics;

namespace RasaPlatform.Benchmarks.Run.Steps;

/// <summary>
/// The engine's insert ceiling: the same events as rows of Rasa's SQLTrackerStore table, built in memory untimed,
/// inserted in large transactions with no other work (SQLite: one prepared insert reused; PostgreSQL: binary COPY).
/// The table then serves as the read baseline.
/// </summary>
internal sealed class BareInsertStep : IMeasurementStep
{
    /// <summary>Rows built and inserted at a time: one transaction (or one COPY) each.</summary>
    public const int ChunkRows = 50_000;

    public string Name => "bare insert";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var data = context.RequireData();
        var table = await context.Store.CreateRasaTableAsync(context.StoreName("_rasa"), cancellationToken).ConfigureAwait(false);
        context.RasaTable = table;
        var timed = TimeSpan.Zero;
        var rows = 0L;
        foreach (var chunk in Lines(data.Main).Concat(Lines(data.Long)).Chunk(ChunkRows))
        {
            var built = chunk.Select(Stores.RasaEventRow.FromLine).ToList();
            var started = Stopwatch.GetTimestamp();
            await table.InsertAsync(built, cancellationToken).ConfigureAwait(false);
            timed += Stopwatch.GetElapsedTime(started);
            rows += built.Count;
        }

        var rate = rows / timed.TotalSeconds;
        context.BareRowsPerSecond = rate;
        context.AddRaw("bare.rows", $"{rows}");
        context.AddRaw("bare.seconds", $"{timed.TotalSeconds:F3}");
        context.Progress($"bare insert: {rows} rows in {timed.TotalSeconds:F1} s");
        var how = context.Store.Name == "sqlite" ? "prepared INSERT" : "binary COPY";
        context.Rows.Add(new ResultRow($"bare insert ceiling (Rasa events table, {how}, {ChunkRows:N0} rows/txn)", rate, "rows/s"));
    }

    private static IEnumerable<string> Lines(string path) => File.ReadLines(path).Where(l => l.Length > 0);
}
