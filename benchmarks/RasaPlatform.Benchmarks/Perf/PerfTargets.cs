using System.Diagnostics;
using System.Globalization;
using NodaTime;
using RasaPlatform.Core.Import;

namespace RasaPlatform.Benchmarks.Perf;

/// <summary>The import target: the real importer, file to store.</summary>
internal static class PerfTargets
{
    public static async Task<string> ImportAsync(PerfStores stores, string file)
    {
        var store = await stores.CreateFreshAsync().ConfigureAwait(false);
        var watch = Stopwatch.StartNew();
        var summary = await new ImportRunner(store, SystemClock.Instance).RunAsync([file], TextWriter.Null, CancellationToken.None).ConfigureAwait(false);
        watch.Stop();
        (store as IDisposable)?.Dispose();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"events={summary.EventsStored} s={watch.Elapsed.TotalSeconds:F2} events_per_s={summary.EventsStored / watch.Elapsed.TotalSeconds:F0} rejected={summary.Rejected}");
    }
}
