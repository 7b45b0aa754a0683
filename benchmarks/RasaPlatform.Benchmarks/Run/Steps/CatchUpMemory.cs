using System.Globalization;

namespace RasaPlatform.Benchmarks.Run.Steps;

/// <summary>
/// The service's peak resident set (<c>VmHWM</c>) at three points of a catch-up: when it started, when the backlog was
/// first folded (the queue down to the live writers' conversations) and when the final pass had restored the store.
/// </summary>
/// <remarks>Says which phase sets the peak: the folds and saves, or the final pass's index builds and recomputes.</remarks>
internal sealed class CatchUpMemory(ChildProcess process)
{
    private readonly double _start = Read(process);
    private double? _folded;
    private double? _caughtUp;

    /// <summary>Notes the peak when the backlog is first folded; later calls change nothing.</summary>
    public void Folded() => _folded ??= Read(process);

    /// <summary>Notes the peak once the catch-up, final pass included, is done.</summary>
    public void CaughtUp()
    {
        _folded ??= Read(process);
        _caughtUp = Read(process);
    }

    /// <summary>The raw entry: <c>start=… folded=… caught_up=…</c> in MiB.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"start={_start:F1} folded={_folded:F1} caught_up={_caughtUp:F1}");

    private static double Read(ChildProcess process) => process.ReadHighWaterBytes() / 1048576.0;
}
