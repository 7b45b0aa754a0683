namespace RasaPlatform.Benchmarks.Run.Steps;

/// <summary>
/// Import memory against file size: the first tenth of the data set (and the same long conversation) imported
/// into another fresh store. The two imports differ only in the data set's size, ten to one; the full import's peak
/// should be about the same as this one's (memory flat in file size, not proportional to it).
/// </summary>
internal sealed class ImportMemoryStep : IMeasurementStep
{
    /// <summary>How much larger the full import's peak may be than the tenth's and still count as flat.</summary>
    public const double FlatFactor = 1.5;

    public string Name => "import memory";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var data = context.RequireData();
        var store = await context.Store.CreateServiceStoreAsync(context.StoreName("_tenth"), cancellationToken).ConfigureAwait(false);
        var run = await ImportChild.RunAsync(context, store, [data.Fraction, data.Long], cancellationToken).ConfigureAwait(false);
        context.Progress($"tenth: {run.Summary}");
        context.AddRaw("import_tenth.seconds", $"{run.Seconds:F3}");
        context.AddRaw("import_tenth.exit_code", $"{run.ExitCode}");
        context.AddRaw("import_tenth.peak_rss_mib", $"{run.PeakRssBytes / 1048576.0:F1}");

        var tenth = run.PeakRssBytes / 1048576.0;
        context.Rows.Add(new ResultRow($"import peak RSS, 1/10 data set ({data.FractionEvents + LongConversation.Events:N0} events, {DataSet.MiB(data.Fraction):F1} MiB + long conversation)", tenth, "MiB"));
        if (context.ImportPeakRssBytes is { } full)
        {
            var fullMiB = full / 1048576.0;
            context.Rows.Add(new ResultRow(
                $"import peak RSS, full data set ({data.ImportEvents:N0} events); baseline = 1/10 data set",
                fullMiB,
                "MiB",
                tenth,
                fullMiB / tenth,
                Target: $"flat: ≤ {FlatFactor:0.0}× the 1/10 import",
                Met: fullMiB <= FlatFactor * tenth));
        }
    }
}
