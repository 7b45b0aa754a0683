using System.Diagnostics;
using System.Text.Json;
using RasaPlatform.Benchmarks.Run;
using RasaPlatform.Benchmarks.Run.Listing;
using RasaPlatform.Benchmarks.Run.Steps;

namespace RasaPlatform.Benchmarks.Tests.Listing;

public sealed class FreshnessOutcomeTests
{
    [Fact]
    public void LatencyRows_OfTheSamplesCounted_GiveNearestRankPercentiles_AndTheP99Target()
    {
        var outcome = Outcome(failed: 0, Enumerable.Range(1, 200).Select(i => new FreshnessSample(i, i * 10.0, Missed: false)));

        var rows = outcome.LatencyRows("listing freshness during the catch-up", outcome.AcknowledgedBy(100), " acknowledged while queued");

        Assert.Equal([500.0, 950, 990], rows.Select(r => r.Value));
        Assert.All(rows, r => Assert.Equal("ms", r.Unit));
        Assert.Equal(
            "listing freshness during the catch-up: append 2xx → listed under its unique intent (100 samples acknowledged while queued, 0 missed at 10 s, polled every 10 ms) p99",
            rows[2].What);
        Assert.Equal(("≤ 1 s p99", true), (rows[2].Target, rows[2].Met));
        Assert.Equal([null, null], rows.Take(2).Select(r => r.Met));
    }

    [Fact]
    public void LatencyRows_WithAllSamples_KeepTheAfterCatchUpRowsText()
    {
        var outcome = Outcome(failed: 0, [new FreshnessSample(1, 12.5, Missed: false)]);

        var rows = outcome.LatencyRows("listing freshness", outcome.Samples);

        Assert.Equal(
            "listing freshness: append 2xx → listed under its unique intent (1 samples, 0 missed at 10 s, polled every 10 ms) p50",
            rows[0].What);
    }

    [Theory]
    [InlineData(true, 0, 100.0)]
    [InlineData(false, 1, 100.0)]
    [InlineData(false, 0, 1000.5)]
    public void LatencyRows_P99IsMet_OnlyWithinASecond_WithNoMissedProbe_AndNoFailedAppend(bool missed, long failed, double slowest)
    {
        // Nearest rank: the 99th of 100 samples is p99, so the two slowest decide it.
        var samples = Enumerable.Range(1, 98).Select(i => new FreshnessSample(i, 5, Missed: false))
            .Concat(Enumerable.Range(99, 2).Select(i => new FreshnessSample(i, missed ? FreshnessLoad.GiveUpSeconds * 1000.0 : slowest, missed)));
        var outcome = Outcome(failed, samples);

        var p99 = outcome.LatencyRows("t", outcome.Samples)[2];

        Assert.Equal(!missed && failed == 0 && slowest <= FreshnessLoad.P99TargetMs, p99.Met);
    }

    [Fact]
    public void LatencyRows_WithNoSampleCounted_AreUnknown_AndNotMet()
    {
        var outcome = Outcome(failed: 0, [new FreshnessSample(50, 5, Missed: false)]);

        var rows = outcome.LatencyRows("t", outcome.AcknowledgedBy(10));

        Assert.All(rows, r => Assert.True(double.IsNaN(r.Value)));
        Assert.False(rows[2].Met);
        Assert.Contains("| ? | ms |", MarkdownReport.Build([], rows, [], []), StringComparison.Ordinal);
    }

    [Fact]
    public void IngestRow_IsEventsPerSecondOfTheClientsTime_WithTheLoadsShape()
    {
        var row = Outcome(failed: 2, []).IngestRow("ingest during the catch-up");

        Assert.Equal(150, row.Value);
        Assert.Equal("ingest during the catch-up (4 clients × a turn of 5 events every 25 ms, 20 s, 2 failed)", row.What);
    }

    [Fact]
    public void Raw_CountsTheSamplesCounted()
    {
        var outcome = Outcome(failed: 0, [new FreshnessSample(1, 10, Missed: false), new FreshnessSample(2, 10_000, Missed: true)]);

        var raw = outcome.Raw("catch_up_freshness", outcome.Samples).ToDictionary(p => p.Key, p => FormattableString.Invariant(p.Value));

        Assert.Equal("2", raw["catch_up_freshness.samples"]);
        Assert.Equal("1", raw["catch_up_freshness.missed"]);
        Assert.Equal("p50=10.0 p95=10000.0 p99=10000.0", raw["catch_up_freshness.ms"]);
    }

    [Fact]
    public void IngestRow_Until_CountsTheAppendsAcknowledgedByThen_OverTheTimeToThen()
    {
        var outcome = Outcome(failed: 1, []);

        var during = outcome.IngestRow("ingest while queued", 5 * Stopwatch.Frequency);
        var later = outcome.IngestRow("ingest while queued", 60 * Stopwatch.Frequency);

        Assert.Equal(150, during.Value, 6);
        Assert.Equal("ingest while queued (4 clients × a turn of 5 events every 25 ms, 5 s of 20, 1 failed in all)", during.What);
        Assert.Equal((150.0, "report"), (later.Value, later.Target));
        Assert.Contains("20 s of 20,", later.What, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(40, 40, " acknowledged while the import's backlog was queued")]
    [InlineData(40, 160, " acknowledged while the import's backlog was queued, of 160: the writers went on after it drained")]
    public void CountedNote_SaysWhenSamplesAfterTheBacklogWereLeftOut(int counted, int all, string expected) =>
        Assert.Equal(expected, MetadataCatchUpStep.CountedNote(counted, all));

    [Theory]
    [InlineData("""{"pending":0}""", 0, true)]
    [InlineData("""{"pending":500}""", 800, false)]
    [InlineData("""{"pending":500,"catch_up":{"catching_up":true,"ended":null}}""", 800, false)]
    [InlineData("""{"pending":500,"catch_up":{"catching_up":false,"ended":null}}""", 800, false)]
    [InlineData("""{"pending":500,"catch_up":{"catching_up":false,"ended":1750000000.5}}""", 800, true)]
    [InlineData("""{"pending":900,"catch_up":{"catching_up":false,"ended":1750000000.5}}""", 800, false)]
    [InlineData("""{"pending":500,"catch_up":{"catching_up":false,"ended":1750000000.5}}""", 0, false)]
    [InlineData("""{"pending":0,"catch_up":{"catching_up":false,"ended":1750000000.5},"maintenance_deferred":true}""", 800, false)]
    [InlineData("""{"pending":0,"catch_up":{"catching_up":false,"ended":1750000000.5},"maintenance_deferred":false}""", 800, true)]
    public void MetadataQueueStatus_BacklogDrained_WhenEmpty_OrTheCatchUpEndedWithNoMoreThanTheLiveConversationsLeft_AndMaintenanceWhole(string json, int live, bool drained)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Equal(drained, MetadataQueueStatus.Read(document.RootElement).BacklogDrained(live));
    }

    [Fact]
    public void RunOptions_LiveCatchUp_IsOffUnlessAsked()
    {
        Assert.True(RunOptions.TryParse(["--store", "sqlite", "--size", "S"], "/d", "-", out var plain, out _));
        Assert.True(RunOptions.TryParse(["--store", "sqlite", "--size", "S", "--live-catch-up"], "/d", "-", out var live, out _));

        Assert.Equal((false, true), (plain.LiveCatchUp, live.LiveCatchUp));
    }

    /// <summary>600 appends of 5 events, 30 a second from 0 to 20 s (Stopwatch timestamps).</summary>
    private static FreshnessOutcome Outcome(long failed, IEnumerable<FreshnessSample> samples) => new(
        Ok: 600,
        Failed: failed,
        Started: 0,
        Seconds: 20,
        [.. Enumerable.Range(1, 600).Select(i => new FreshnessAppend(i * Stopwatch.Frequency / 30, 5))],
        [.. samples]);
}
