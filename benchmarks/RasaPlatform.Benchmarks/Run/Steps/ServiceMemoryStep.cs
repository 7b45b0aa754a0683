namespace RasaPlatform.Benchmarks.Run.Steps;

/// <summary>The service's peak resident set (<c>VmHWM</c>) over everything it served; then stops it.</summary>
internal sealed class ServiceMemoryStep : IMeasurementStep
{
    public string Name => "service memory";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var service = context.RequireService();
        var peak = service.Process.ReadHighWaterBytes() / 1048576.0;
        context.AddRaw("service.vmhwm_mib", $"{peak:F1}");
        context.Rows.Add(new ResultRow("service peak RSS (VmHWM, after reads and appends)", peak, "MiB"));
        context.Service = null;
        await service.DisposeAsync().ConfigureAwait(false);
    }
}
