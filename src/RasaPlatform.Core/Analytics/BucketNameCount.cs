using RasaPlatform.Core.Listing;

namespace RasaPlatform.Core.Analytics;

/// <summary>How often one conversation names an intent, entity, action or policy in one bucket, as statistics count.</summary>
/// <param name="Bucket">The <see cref="AnalyticsBucket"/> number of the events.</param>
/// <param name="Category">Intent, entity, action or policy.</param>
/// <param name="Name">The name.</param>
/// <param name="Count">How many times, at least 1.</param>
public readonly record struct BucketNameCount(long Bucket, NameCategory Category, string Name, long Count);
