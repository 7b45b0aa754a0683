namespace RasaPlatform.Benchmarks.Run;

/// <summary>One step of a benchmark run: prepares or measures something and adds its rows to the context.</summary>
/// <remarks>
/// Steps run in order and share <see cref="BenchContext"/>; a later step may read what an earlier one left there
/// (the data files, the running service, the baseline table). New measurements (listing, analytics) are new steps.
/// </remarks>
internal interface IMeasurementStep
{
    /// <summary>A short name for progress lines.</summary>
    string Name { get; }

    Task RunAsync(BenchContext context, CancellationToken cancellationToken);
}
