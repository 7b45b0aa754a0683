using RasaPlatform.Benchmarks.Run.Mix;

namespace RasaPlatform.Benchmarks.Tests.Mix;

public sealed class MixOptionsTests
{
    [Fact]
    public void TryParse_StoreAndSizeOnly_RunsEightWritersAndThirtyTwoReadersForAMinuteAndAppendsNowhere()
    {
        Assert.True(MixOptions.TryParse(["--store", "postgresql", "--size", "S"], "/data", out var options, out var problem), problem);

        Assert.Equal((60, 8, 32), (options.Seconds, options.Writers, options.Readers));
        Assert.Equal("postgresql", options.Run.Store);
        Assert.Equal(10_000, options.Run.Conversations);
        Assert.Equal("", options.Run.OutputPath);
        Assert.Equal(40, options.Run.Clients);
    }

    [Fact]
    public void TryParse_MixAndRunOptions_TakesBoth()
    {
        Assert.True(
            MixOptions.TryParse(["--seconds", "5", "--store", "sqlite", "--writers", "2", "--size", "100", "--readers", "3", "--out", "notes.md", "--no-build"], "/data", out var options, out var problem),
            problem);

        Assert.Equal((5, 2, 3), (options.Seconds, options.Writers, options.Readers));
        Assert.Equal(("sqlite", 100L, "notes.md", false), (options.Run.Store, options.Run.Conversations, options.Run.OutputPath, options.Run.Build));
    }

    [Theory]
    [InlineData("--writers", "0")]
    [InlineData("--seconds", "x")]
    [InlineData("--clients", "8")]
    public void TryParse_BadOrForeignOption_Fails(string name, string value)
    {
        Assert.False(MixOptions.TryParse(["--store", "sqlite", "--size", "S", name, value], "/data", out _, out var problem));
        Assert.Contains(name, problem, StringComparison.Ordinal);
    }
}
