using System.Diagnostics;
using System.Globalization;
using NodaTime;

namespace RasaPlatform.Core.Import;

/// <summary>Writes progress lines, at most one a second, and every error as it is found.</summary>
/// <remarks>Durations come from <see cref="Stopwatch"/>: they measure run time, not the time of day the clock gives.</remarks>
internal sealed class ImportProgress(TextWriter writer)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly long _started = Stopwatch.GetTimestamp();
    private long _lastReport = Stopwatch.GetTimestamp();
    private long _eventsAtLastReport;

    /// <summary>Time since the import started.</summary>
    public Duration Elapsed => Duration.FromTimeSpan(Stopwatch.GetElapsedTime(_started));

    /// <summary>Reports progress in <paramref name="path"/> if a second has passed since the last report.</summary>
    public void Tick(string path, long position, long length, long events)
    {
        var now = Stopwatch.GetTimestamp();
        var interval = Stopwatch.GetElapsedTime(_lastReport, now);
        if (interval < Interval)
        {
            return;
        }

        var percent = length > 0 ? 100.0 * position / length : 100.0;
        var rate = (events - _eventsAtLastReport) / interval.TotalSeconds;
        _lastReport = now;
        _eventsAtLastReport = events;
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"import: {path} {percent:0}%, {events} events read, {rate:0} events/s"));
    }

    public void Error(ImportError error) => writer.WriteLine($"error: {error}");

    public void Done(ImportSummary summary) => writer.WriteLine($"import: done: {summary.Describe()}");
}
