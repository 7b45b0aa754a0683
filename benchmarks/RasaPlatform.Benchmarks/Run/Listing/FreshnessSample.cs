namespace RasaPlatform.Benchmarks.Run.Listing;

/// <summary>One freshness probe's outcome.</summary>
/// <param name="Acknowledged">When its append answered 2xx, a <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>.</param>
/// <param name="Milliseconds">From then until the listing showed it; <see cref="FreshnessLoad.GiveUpSeconds"/> when missed.</param>
/// <param name="Missed">Whether the listing did not show it within <see cref="FreshnessLoad.GiveUpSeconds"/>.</param>
internal sealed record FreshnessSample(long Acknowledged, double Milliseconds, bool Missed);
