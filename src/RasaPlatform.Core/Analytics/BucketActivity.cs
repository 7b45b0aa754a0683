namespace RasaPlatform.Core.Analytics;

/// <summary>One conversation's activity in one <see cref="AnalyticsBucket"/>: its messages there.</summary>
/// <remarks>
/// A conversation is active in a bucket holding one of its messages or one of its sessions' starts, as
/// <see cref="AnalyticsCalculator"/> counts active conversations. <paramref name="PreviousBucket"/> is what makes distinct
/// conversations countable from sums: a conversation active in the buckets of a range is counted once, at the first of
/// them, which is the one whose previous active bucket lies before the range.
/// </remarks>
/// <param name="Bucket">The bucket number.</param>
/// <param name="UserMessages">The conversation's user messages in the bucket.</param>
/// <param name="BotMessages">The conversation's bot messages in the bucket.</param>
/// <param name="PreviousBucket">The conversation's previous active bucket, or <see cref="None"/>.</param>
public readonly record struct BucketActivity(long Bucket, int UserMessages, int BotMessages, long PreviousBucket)
{
    /// <summary>The <see cref="PreviousBucket"/> of a conversation's first active bucket: below every bucket.</summary>
    public const long None = long.MinValue;
}
