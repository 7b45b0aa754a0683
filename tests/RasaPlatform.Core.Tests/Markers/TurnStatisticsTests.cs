using RasaPlatform.Core.Markers;

namespace RasaPlatform.Core.Tests.Markers;

public class TurnStatisticsTests
{
    [Theory]
    [InlineData(new long[] { 3 }, 3.0, 3.0, 3, 3)]
    [InlineData(new long[] { 0, 1, 0 }, 1 / 3.0, 0.0, 0, 1)]
    [InlineData(new long[] { 4, 1, 3, 2 }, 2.5, 2.5, 1, 4)]
    [InlineData(new long[] { 1, 1, 1, 9 }, 3.0, 1.0, 1, 9)]
    [InlineData(new long[] { 5, 5, 7, 7, 7 }, 6.2, 7.0, 5, 7)]
    public void Of_Values_GivesNumpysCountMeanMedianMinMax(long[] values, double mean, double median, long minimum, long maximum)
    {
        var statistics = TurnStatistics.Of(values);

        Assert.Equal(values.Length, statistics.Count);
        Assert.Equal(mean, statistics.Mean!.Value, 12);
        Assert.Equal(median, statistics.Median);
        Assert.Equal((minimum, maximum), (statistics.Minimum, statistics.Maximum));
    }

    [Fact]
    public void Of_NoValues_CountsZero_TheRestUndefined()
    {
        Assert.Equal(new TurnStatistics(0, null, null, null, null), TurnStatistics.Of(Array.Empty<long>()));
    }

    [Fact]
    public void Of_Histogram_EqualsTheValuesOneByOne()
    {
        var histogram = new Dictionary<long, long> { [2] = 3, [0] = 1, [10] = 2 };

        Assert.Equal(TurnStatistics.Of([0, 2, 2, 2, 10, 10]), TurnStatistics.Of(histogram));
    }

    [Fact]
    public void Summaries_EveryMarkerSortedByName_PercentOfAllSessions()
    {
        var configuration = MarkerConfigurationReader.Read("zeta: {intent: z}\nalpha: {intent: a}\nunused: {intent: u}");
        var counts = new MarkerCounts(
            3,
            new Dictionary<string, long> { ["alpha"] = 2, ["zeta"] = 1 },
            new Dictionary<string, IReadOnlyDictionary<long, long>> { ["alpha"] = new Dictionary<long, long> { [0] = 2, [1] = 1 }, ["zeta"] = new Dictionary<long, long> { [0] = 1 } });

        var summaries = counts.Summaries(configuration);

        Assert.Equal(["alpha", "unused", "zeta"], summaries.Select(s => s.Marker));
        Assert.Equal(200 / 3.0, summaries[0].Percentage, 12);
        Assert.Equal((0L, 0.0), (summaries[1].Sessions, summaries[1].Percentage));
        Assert.Equal(TurnStatistics.None, summaries[1].Turns);
        Assert.Equal(new TurnStatistics(3, 1 / 3.0, 0, 0, 1), summaries[0].Turns);
    }
}

public class MarkerCsvTests
{
    [Theory]
    [InlineData(100.0, "100.0")]
    [InlineData(200 / 3.0, "66.667")]
    [InlineData(100 / 3.0, "33.333")]
    [InlineData(2.0, "2.0")]
    [InlineData(0.5, "0.5")]
    [InlineData(0.0625, "0.062")]
    [InlineData(0.0675, "0.068")]
    [InlineData(1234567.25, "1234567.25")]
    [InlineData(double.NaN, "nan")]
    public void Decimal3_PrintsAsRasaPrintsNumpysRoundedFloats(double value, string expected)
    {
        Assert.Equal(expected, MarkerCsv.Decimal3(value));
    }

    [Fact]
    public void Rows_QuoteFieldsAsRfc4180()
    {
        var rows = MarkerCsv.ExtractedRows("a,\"b\"", 0, [("m", 3, 1)], new Dictionary<string, int> { ["m"] = 0 });

        Assert.Equal(["\"a,\"\"b\"\"\",0,m,3,1"], rows);
    }
}
