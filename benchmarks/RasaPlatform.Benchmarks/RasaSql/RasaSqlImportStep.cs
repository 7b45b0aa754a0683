using RasaPlatform.Benchmarks.Run;
using RasaPlatform.Benchmarks.Run.Steps;

namespace RasaPlatform.Benchmarks.RasaSql;

/// <summary>
/// <c>import --from-rasa-sql</c> from a SQLite database in Rasa's SQLTrackerStore layout holding the data set, into a
/// fresh store, timed from process start to exit.
/// </summary>
internal sealed class RasaSqlImportStep : IMeasurementStep
{
    /// <summary>The target from a SQLite Rasa database into the SQLite store, in events per second.</summary>
    public const double SqliteTarget = 50_000;

    public string Name => "import from a Rasa SQL tracker store";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var data = context.RequireData();
        var rasa = RasaTrackerStoreFile.Prepare(data.Main, context.Log);
        var store = await context.Store.CreateServiceStoreAsync(context.StoreName(), cancellationToken).ConfigureAwait(false);
        context.ServiceStore = store;
        var run = await ImportChild.RunAsync(context, store, ["--from-rasa-sql", $"Data Source={rasa}"], cancellationToken).ConfigureAwait(false);
        run.Record(context, "rasa_sql");

        var rate = data.MainEvents / run.Seconds;
        var sqlite = context.Store.Name == "sqlite";
        context.Rows.Add(new ResultRow(
            $"import --from-rasa-sql ({data.MainEvents:N0} events in {new FileInfo(rasa).Length / 1048576.0:N0} MiB of SQLite in Rasa's layout, process start to exit)",
            rate,
            "events/s",
            Target: sqlite ? "≥ 50,000" : "report",
            Met: sqlite ? rate >= SqliteTarget : null));
        context.Rows.Add(run.StoredRow("it", data.MainEvents));
        context.Rows.Add(new ResultRow("import --from-rasa-sql peak RSS", run.PeakRssBytes / 1048576.0, "MiB"));
    }
}
