using RasaPlatform.Benchmarks.Recovery;

namespace RasaPlatform.Benchmarks.Tests.Recovery;

public sealed class RecoveryCommandPartsTests
{
    [Fact]
    public void Insert_WithoutTheSection_AddsItAndTheReportAtTheEnd()
    {
        var notes = RecoveryNotes.Insert("# Benchmarks\n\n### a run\n", "### recovery\n\ntable\n");

        Assert.Equal("# Benchmarks\n\n### a run\n\n## Recovery after kill -9\n\n### recovery\n\ntable\n", notes);
    }

    [Fact]
    public void Insert_WithTheSection_AddsTheReportAtItsEnd_BeforeTheNextSection()
    {
        var notes = "# Benchmarks\n\n## Recovery after kill -9\n\nintro\n\n### first\n\n## Runs\n\n### a run\n";

        var added = RecoveryNotes.Insert(notes, "### second\n");

        Assert.Equal("# Benchmarks\n\n## Recovery after kill -9\n\nintro\n\n### first\n\n### second\n\n## Runs\n\n### a run\n", added);
    }

    [Fact]
    public void Insert_WithTheSectionLast_AppendsTheReport()
    {
        var added = RecoveryNotes.Insert("# B\n\n## Recovery after kill -9\n\n### first\n", "### second\n");

        Assert.Equal("# B\n\n## Recovery after kill -9\n\n### first\n\n### second\n", added);
    }

    [Theory]
    [InlineData("vm/4242/0a1b2c", 4242)]
    [InlineData("host.example/17/abc", 17)]
    [InlineData("not-an-owner", 0)]
    public void OwnerProcess_ReadsThePidOfAClaimOwner(string owner, int pid) => Assert.Equal(pid, QueueView.OwnerProcess(owner));

    [Fact]
    public void TryParse_SecondInstance_NeedsPostgreSql()
    {
        Assert.False(RecoveryOptions.TryParse(["--store", "sqlite", "--second-instance"], "data", out _, out var problem));
        Assert.Contains("postgresql", problem, StringComparison.Ordinal);

        Assert.True(RecoveryOptions.TryParse(["--store", "postgresql", "--second-instance", "--kills", "3", "--size", "S"], "data", out var options, out _));
        Assert.Equal((2, 3, 10_000L, ""), (options.Instances, options.Kills, options.Conversations, options.OutputPath));
    }
}
