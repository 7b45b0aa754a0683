namespace RasaPlatform.Benchmarks.Run.Listing;

/// <summary>One acknowledged append of a <see cref="FreshnessLoad"/>.</summary>
/// <param name="Acknowledged">When it answered 2xx, a <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>.</param>
/// <param name="Events">The events it carried.</param>
internal readonly record struct FreshnessAppend(long Acknowledged, int Events);
