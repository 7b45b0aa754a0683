using System.Diagnostics;

namespace RasaPlatform.Benchmarks.Run;

/// <summary>Request latencies in milliseconds, and their percentiles.</summary>
internal sealed class Latencies
{
    private readonly List<double> _milliseconds = [];

    public int Count => _milliseconds.Count;

    /// <summary>Records the time since <paramref name="startTimestamp"/> (a <see cref="Stopwatch.GetTimestamp"/>).</summary>
    public void AddSince(long startTimestamp) => _milliseconds.Add(Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds);

    /// <summary>Records a time measured otherwise, in milliseconds.</summary>
    public void AddMilliseconds(double milliseconds) => _milliseconds.Add(milliseconds);

    public void AddRange(Latencies other) => _milliseconds.AddRange(other._milliseconds);

    /// <summary>The nearest-rank percentile <paramref name="p"/> (0 &lt; p ≤ 100), in ms; NaN when empty.</summary>
    public double Percentile(double p)
    {
        if (_milliseconds.Count == 0)
        {
            return double.NaN;
        }

        var sorted = _milliseconds.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
