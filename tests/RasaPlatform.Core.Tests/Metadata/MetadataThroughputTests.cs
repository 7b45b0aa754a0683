using NodaTime;
using RasaPlatform.Core.Metadata;
using RasaPlatform.Testing;

namespace RasaPlatform.Core.Tests.Metadata;

public sealed class MetadataThroughputTests
{
    private readonly FakeClock _clock = FakeClock.At(2024, 3, 1);

    /// <summary>
    /// Live writes folded beside a catch-up's batches count in the catch-up they were claimed during, even when it
    /// ended before their save (the batches found nothing left because the lane held it), and not in one they
    /// were claimed after.
    /// </summary>
    [Fact]
    public void RecordBeside_CountsInTheCatchUpItWasClaimedDuring()
    {
        var throughput = new MetadataThroughput(_clock);
        throughput.RecordBeside(3, _clock.GetCurrentInstant());
        Assert.Equal(0, throughput.Progress(pending: 0).Done);

        var started = _clock.GetCurrentInstant();
        throughput.Record(10, backlog: true, started);
        _clock.Advance(Duration.FromMilliseconds(100));
        var laneClaimed = _clock.GetCurrentInstant();
        throughput.RecordBeside(2, laneClaimed);
        Assert.Equal(12, throughput.Progress(pending: 5).Done);

        _clock.Advance(Duration.FromMilliseconds(100));
        var lateClaim = _clock.GetCurrentInstant();
        throughput.Record(0, backlog: false, lateClaim);
        throughput.RecordBeside(5, laneClaimed);
        var ended = throughput.Progress(pending: 0);
        Assert.False(ended.CatchingUp);
        Assert.Equal(17, ended.Done);

        _clock.Advance(Duration.FromMilliseconds(100));
        throughput.RecordBeside(4, _clock.GetCurrentInstant());
        Assert.Equal(17, throughput.Progress(pending: 0).Done);
    }
}
