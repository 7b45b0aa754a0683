using RasaPlatform.Core.Analytics;
using Xunit;

namespace RasaPlatform.Core.Tests.Analytics;

/// <summary>Buckets of times kept as Unix seconds (marker sessions): edges compared as a store compares doubles.</summary>
public sealed class AnalyticsBucketSecondsTests
{
    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(899.999, 0)]
    [InlineData(900.0, 1)]
    [InlineData(-0.125, -1)]
    [InlineData(-900.0, -1)]
    [InlineData(1_700_000_100.0, 1_888_889)]
    [InlineData(1_700_000_099.875, 1_888_888)]
    public void OfSeconds_IsTheBucketWhoseEdgesHoldTheTime(double seconds, long bucket)
    {
        Assert.Equal(bucket, AnalyticsBucket.OfSeconds(seconds));
        Assert.True(bucket * 900.0 <= seconds && seconds < (bucket + 1) * 900.0);
    }

    [Theory]
    [InlineData(900.0, 2700.0, 1, 3)]
    [InlineData(900.5, 2700.0, 2, 3)]
    [InlineData(900.0, 2699.5, 1, 2)]
    [InlineData(1000.0, 1700.0, 2, 1)]
    [InlineData(-1800.0, 0.0, -2, 0)]
    public void WhollyWithin_TakesOnlyBucketsInsideTheClosedRange(double start, double until, long from, long to)
    {
        Assert.Equal((from, to), AnalyticsBucket.WhollyWithin(start, until));
    }
}
