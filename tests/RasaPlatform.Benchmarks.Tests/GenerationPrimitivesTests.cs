using RasaPlatform.Benchmarks.Generation;

namespace RasaPlatform.Benchmarks.Tests;

public class GenerationPrimitivesTests
{
    [Fact]
    public void Pcg32_KnownSeed_GivesTheReferenceSequence()
    {
        // First outputs of the PCG reference implementation (pcg32-demo) for seed 42, sequence 54.
        var random = new Pcg32(42, 54);

        Assert.Equal([0xa15c02b7u, 0x7b47f409u, 0xba1d3330u, 0x83d2f293u, 0xbfa4784bu, 0xcbed606eu], Enumerable.Range(0, 6).Select(_ => random.NextUInt32()));
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(0.5, "0.5")]
    [InlineData(1735689600.12, "1735689600.12")]
    [InlineData(0.000032, "3.2e-05")]
    [InlineData(50, "50.0")]
    public void PythonFloat_SpellsLikePythonRepr(double value, string expected)
    {
        Assert.Equal(expected, PythonFloat.ToString(value));
    }

    [Theory]
    [InlineData("S", DatasetSize.Small)]
    [InlineData("m", DatasetSize.Medium)]
    [InlineData("L", DatasetSize.Large)]
    [InlineData("250", 250)]
    public void DatasetSize_Parses(string text, long expected)
    {
        Assert.True(DatasetSize.TryParse(text, out var conversations));
        Assert.Equal(expected, conversations);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("XL")]
    [InlineData("1e3")]
    public void DatasetSize_RejectsOtherText(string text)
    {
        Assert.False(DatasetSize.TryParse(text, out _));
    }

    [Theory]
    [InlineData(SenderIdStyle.Telegram)]
    [InlineData(SenderIdStyle.Facebook)]
    [InlineData(SenderIdStyle.Slack)]
    [InlineData(SenderIdStyle.Hex)]
    public void SenderIds_DistinctIndexes_DistinctIds(SenderIdStyle style)
    {
        var random = new Pcg32(1, 1);
        var ids = Enumerable.Range(0, 100_000).Select(i => SenderIds.Create(style, (uint)i, 42, random)).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void TimeModel_StartsFallInTheYear_MoreByDayThanByNight()
    {
        var model = new TimeModel();
        var random = new Pcg32(3, 3);
        var starts = Enumerable.Range(0, 20_000).Select(_ => model.ConversationStart(random)).ToList();
        var hours = starts.Select(s => (int)(s / 3_600_000_000 % 24)).ToList();

        Assert.All(starts, s => Assert.InRange(s, TimeModel.Start, TimeModel.End - 1));
        Assert.True(hours.Count(h => h is >= 9 and < 17) > 4 * hours.Count(h => h < 6));
    }

    [Fact]
    public void BotDomain_Default_HasAbout30IntentsAnd40Actions()
    {
        Assert.InRange(BotDomain.Default.Intents.Count, 28, 36);
        Assert.InRange(BotDomain.Default.ActionCount, 38, 50);
    }
}
