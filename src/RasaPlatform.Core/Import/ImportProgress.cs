using System.Diagnostics;
using System.Globalization;
using NodaTime;

namespace RasaPlatform.Core.Import;

/// <summary>Where an import stands.</summary>
/// <param name="Path">The file (or the source) being read.</param>
/// <param name="Position">How far into it: bytes of a file, rows of a source.</param>
/// <param name="Length">Its size in the same unit.</param>
/// <param name="EventsRead">Events read so far by the whole import.</param>
public readonly record struct ImportTick(string Path, long Position, long Length, long EventsRead);

/// <summary>
/// Reports progress: to <paramref name="ticks"/> when given (a progress bar), at most ten times a second; otherwise as
/// lines on <paramref name="writer"/>, at most one a second. Every error and the summary go to the writer as lines.
/// </summary>
/// <remarks>Durations come from <see cref="Stopwatch"/>: they measure run time, not the time of day the clock gives.</remarks>
internal sealed class ImportProgress(TextWriter writer, Action<ImportTick>? ticks = null)
{
    private static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(100);

    private readonly long _started = Stopwatch.GetTimestamp();
    private long _lastReport = Stopwatch.GetTimestamp();
    private long _eventsAtLastReport;

    /// <summary>Time since the import started.</summary>
    public Duration Elapsed => Duration.FromTimeSpan(Stopwatch.GetElapsedTime(_started));

    /// <summary>Reports progress in <paramref name="path"/> if the interval has passed since the last report.</summary>
    public void Tick(string path, long position, long length, long events)
    {
        var now = Stopwatch.GetTimestamp();
        var interval = Stopwatch.GetElapsedTime(_lastReport, now);
        if (interval < (ticks is null ? LineInterval : TickInterval))
        {
            return;
        }

        if (ticks is not null)
        {
            _lastReport = now;
            ticks(new ImportTick(path, position, length, events));
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
