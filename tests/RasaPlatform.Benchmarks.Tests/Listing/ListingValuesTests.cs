using RasaPlatform.Benchmarks.Run.Listing;

namespace RasaPlatform.Benchmarks.Tests.Listing;

public class ListingValuesTests
{
    [Fact]
    public void Bound_Upper_LiesStrictlyBetweenValuesAndKeepsTheShare()
    {
        double[] values = [0.9, 0.3, 0.5, 0.5, 1.0, 0.7, 0.2, 0.8, 0.6, 0.4];

        var bound = ListingValues.Bound(values, 0.3, upper: true)!.Value;

        Assert.Equal(0.45, bound);
        Assert.Equal(3, values.Count(v => v <= bound));
    }

    [Fact]
    public void Bound_Lower_NeverEqualsAValueEvenWhenTheQuantileRepeats()
    {
        double[] values = [1.0, 1.0, 1.0, 1.0, 0.99, 0.5, 0.25];

        var bound = ListingValues.Bound(values, 0.3, upper: false)!.Value;

        Assert.DoesNotContain(bound, values);
        Assert.True(bound is > 0.99 and < 1.0);
        Assert.Equal(4, values.Count(v => v >= bound));
    }

    [Fact]
    public void Bound_PicksTheShortestDecimalBetweenFloat32Neighbours()
    {
        double[] values = [(float)0.8115, (float)0.8116, (float)0.95];

        var bound = ListingValues.Bound(values, 0.3, upper: true)!.Value;

        Assert.True(bound > (float)0.8115 && bound < (float)0.8116);
        Assert.True(bound.ToString("R", System.Globalization.CultureInfo.InvariantCulture).Length <= 9);
    }

    [Fact]
    public void Bound_NoValues_IsNull() => Assert.Null(ListingValues.Bound([], 0.1, upper: true));

    [Fact]
    public void Window_HoldsAboutTheShareAroundTheMedianInWholeSeconds()
    {
        var times = Enumerable.Range(0, 1000).Select(i => 1_700_000_000 + (i * 10.5)).ToList();

        var (start, until) = ListingValues.Window(times, 0.10)!.Value;

        var inside = times.Count(t => t >= start && t <= until);
        Assert.InRange(inside, 100, 102);
        Assert.True(start <= 1_700_000_000 + (450 * 10.5) && until >= 1_700_000_000 + (549 * 10.5));
    }

    [Fact]
    public void AtLeast_CountReachedByAboutTheShare()
    {
        int[] messages = [1, 1, 2, 2, 3, 3, 4, 5, 8, 13];

        Assert.Equal(8, ListingValues.AtLeast(messages, 0.2));
        Assert.Equal(1, ListingValues.AtLeast([0, 0, 0], 0.5));
    }

    [Fact]
    public void Names_CommonRareAndNearShare()
    {
        var counts = new Dictionary<string, int> { ["greet"] = 60, ["stop"] = 1, ["help"] = 11, ["affirm"] = 9, ["deny"] = 9 };

        Assert.Equal("greet", ListingValues.MostCommon(counts));
        Assert.Equal("affirm", ListingValues.Rarest(counts, 100, 0.05));
        Assert.Equal("help", ListingValues.NearShare(counts, 100, 0.12));
        Assert.Null(ListingValues.MostCommon(new Dictionary<string, int>()));
    }

    [Fact]
    public void Fragment_ExactLengthOfAsciiLettersOnly_ClosestToTheShare()
    {
        string[] texts = ["hello there", "hello", "help me", "zürich hotel", "order 123", "hotel in köln"];

        var fragment = ListingValues.Fragment(texts, 3, 0.5);

        Assert.Equal("hel", fragment);
        Assert.All(ListingValues.Fragment(texts, 3, 0.01)!, c => Assert.True(char.IsAsciiLetterLower(c)));
    }

    [Fact]
    public void Word_WholeWordsOfTheMinimumLength()
    {
        string[] texts = ["book a flight to paris", "flight status", "cancel my flight", "hotel in paris"];

        Assert.Equal("flight", ListingValues.Word(texts, 5, 0.75));
        Assert.Equal("paris", ListingValues.Word(texts, 5, 0.5));
        Assert.Null(ListingValues.Word([], 5, 0.5));
    }
}
