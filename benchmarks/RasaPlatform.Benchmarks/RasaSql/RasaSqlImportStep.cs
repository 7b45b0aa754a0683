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
        context.Progress($"{run.Summary}");
        context.AddRaw("rasa_sql.seconds", $"{run.Seconds:F3}");
        context.AddRaw("rasa_sql.exit_code", $"{run.ExitCode}");
        context.AddRaw("rasa_sql.peak_rss_mib", $"{run.PeakRssBytes / 1048576.0:F1}");
        context.AddRaw("rasa_sql.summary", $"{run.Summary}");

        var rate = data.MainEvents / run.Seconds;
        var sqlite = context.Store.Name == "sqlite";
        context.Rows.Add(new ResultRow(
            $"import --from-rasa-sql ({data.MainEvents:N0} events in {new FileInfo(rasa).Length / 1048576.0:N0} MiB of SQLite in Rasa's layout, process start to exit)",
            rate,
            "events/s",
            Target: sqlite ? "≥ 50,000" : "report",
            Met: sqlite ? rate >= SqliteTarget : null));
        context.Rows.Add(new ResultRow(
            $"events stored by it (exit {run.ExitCode}, {run.Rejected?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} rejected)",
            run.Stored ?? double.NaN,
            "events",
            data.MainEvents,
            Target: "all, none rejected",
            Met: run.ExitCode == 0 && run.Rejected == 0 && run.Stored == data.MainEvents));
        context.Rows.Add(new ResultRow("import --from-rasa-sql peak RSS", run.PeakRssBytes / 1048576.0, "MiB"));
    }
}
