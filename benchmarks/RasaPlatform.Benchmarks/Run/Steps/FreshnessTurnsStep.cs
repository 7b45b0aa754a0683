using RasaPlatform.Benchmarks.Run.Listing;

namespace RasaPlatform.Benchmarks.Run.Steps;

/// <summary>
/// Generates the freshness load's turns before the service starts, so that live writes beside the metadata catch-up
/// start as soon as the service answers rather than a generation later, and take no CPU from the catch-up meanwhile.
/// </summary>
internal sealed class FreshnessTurnsStep : IMeasurementStep
{
    public string Name => "freshness turns";

    public Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var turns = FreshnessLoad.TurnsOf(context);
        context.Progress($"freshness turns: {turns.Assistants} assistants");
        return Task.CompletedTask;
    }
}
