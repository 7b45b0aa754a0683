using RasaPlatform.Benchmarks.Run.Listing;

namespace RasaPlatform.Benchmarks.Tests.Listing;

public class ListingQueryTests
{
    [Fact]
    public void QueryString_FixedOrderEscapedValuesAndDefaultsLeftOut()
    {
        var query = new ListingQuery
        {
            Label = "x",
            Intents = ["greet", "stop"],
            Text = "a&b c",
            Start = 1751477366,
            Until = 1754569699,
            MaximumConfidence = 0.8115,
            InTrainingData = false,
            OnlyFlagged = true,
            Assistants = ["shop", "bank"],
            Offset = 5000,
        };

        Assert.Equal(
            "intent=greet%2Cstop&text=a%26b%20c&start=1751477366&until=1754569699&maximumConfidence=0.8115&in_training_data=false&is_flagged=true&assistant=shop%2Cbank&limit=50&offset=5000",
            query.QueryString());
    }

    [Fact]
    public void QueryString_NoFilter_IsThePageAlone() => Assert.Equal("limit=50", new ListingQuery { Label = "x" }.QueryString());

    [Theory]
    [InlineData(null, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void SortsByConfidence_OnlyOutsideTrainingData(bool? inTrainingData, bool expected) =>
        Assert.Equal(expected, new ListingQuery { Label = "x", InTrainingData = inTrainingData }.SortsByConfidence);

    [Theory]
    [InlineData("policy_2_TEDPolicy", "TEDPolicy")]
    [InlineData("policy_10_AugmentedMemoizationPolicy", "AugmentedMemoizationPolicy")]
    [InlineData("RulePolicy", "RulePolicy")]
    [InlineData("policy_x_TEDPolicy", "policy_x_TEDPolicy")]
    [InlineData("policy__TEDPolicy", "policy__TEDPolicy")]
    [InlineData("policy_2_", "policy_2_")]
    [InlineData("policy_2", "policy_2")]
    public void RasaPolicyName_StripsOnlyACompletePrefix(string policy, string expected) =>
        Assert.Equal(expected, RasaPolicyName.Plain(policy));

    [Fact]
    public void Build_GeneratedData_EveryFilterAloneCombinationsAndPaging()
    {
        var profile = ListingProfile.Read(GeneratedData.Lines(GeneratedData.Small), 10_000);

        var queries = ListingQueries.Build(ListingQueries.Pick(profile), withFlags: true);

        Assert.Equal(200, profile.Conversations);
        Assert.Equal(queries.Count, queries.Select(q => q.QueryString()).Distinct().Count());
        Assert.Contains(queries, q => q.Offset == ListingQueries.DeepOffset);
        Assert.Contains(queries, q => q.OnlyFlagged);
        Assert.Contains(queries, q => q.InTrainingData == false && q.MaximumConfidence is not null);
        Assert.Contains(queries, q => q.Assistants.Count == 1 && q.Intents.Count == 1 && q.QueryString().Count(c => c == '&') == 2);
        foreach (var (parameter, filters) in new[] { ("intent=", 1), ("entity=", 1), ("action=", 1), ("policies=", 1), ("input_channels=", 1), ("text=", 1), ("start=", 2), ("minimumUserMessages=", 1), ("maximumConfidence=", 1), ("minimumConfidence=", 1), ("minimumNluConfidence=", 1), ("maximumNluConfidence=", 1), ("assistant=", 1) })
        {
            // Each filter alone: that parameter (start with until), then only the page.
            Assert.Contains(queries, q => q.QueryString().StartsWith(parameter, StringComparison.Ordinal) && q.QueryString().Count(c => c == '&') == filters);
        }
    }

    [Fact]
    public void Read_StopsAfterTheMaximumAndKeepsFlagCandidates()
    {
        var profile = ListingProfile.Read(GeneratedData.Lines(GeneratedData.Small), 50);

        Assert.Equal(50, profile.Conversations);
        Assert.Equal(50, profile.Texts.Count);
        Assert.Equal(ListingProfile.FlagCandidates, profile.FlagCandidateMessages.Count);
        Assert.All(profile.FlagCandidateMessages, m => Assert.True(double.TryParse(m.Timestamp, System.Globalization.CultureInfo.InvariantCulture, out _)));
    }
}
