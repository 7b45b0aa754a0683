namespace RasaPlatform.Benchmarks.Run.Steps;

/// <summary>
/// The Api's <c>import</c> command into a fresh store: the data set and the long conversation, timed from process
/// start to exit, with its peak memory; then whether it stored every event.
/// </summary>
internal sealed class BulkImportStep : IMeasurementStep
{
    /// <summary>The bulk import target on SQLite, in events per second.</summary>
    public const double SqliteTarget = 100_000;

    /// <summary>The import's least share of the bare insert rate.</summary>
    public const double BareShareTarget = 0.5;

    public string Name => "bulk import";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var data = context.RequireData();
        var store = await context.Store.CreateServiceStoreAsync(context.StoreName(), cancellationToken).ConfigureAwait(false);
        context.ServiceStore = store;
        var run = await ImportChild.RunAsync(context, store, [data.Main, data.Long], cancellationToken).ConfigureAwait(false);
        context.ImportPeakRssBytes = run.PeakRssBytes;
        run.Record(context, "import");

        var rate = data.ImportEvents / run.Seconds;
        var sqlite = context.Store.Name == "sqlite";
        var bare = context.BareRowsPerSecond;
        context.Rows.Add(new ResultRow(
            $"bulk import ({data.ImportEvents:N0} events, {DataSet.MiB(data.Main):F0} MiB, process start to exit)",
            rate,
            "events/s",
            bare,
            rate / bare,
            Target: sqlite ? "≥ 100,000" : "report",
            Met: sqlite ? rate >= SqliteTarget : null));
        if (bare is { } b)
        {
            context.Rows.Add(new ResultRow("bulk import as a share of bare insert", 100 * rate / b, "%", Target: "≥ 50 %", Met: rate >= BareShareTarget * b));
        }

        context.Rows.Add(run.StoredRow("the import", data.ImportEvents));
    }
}
