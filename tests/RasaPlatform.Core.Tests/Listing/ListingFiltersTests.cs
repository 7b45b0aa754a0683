using RasaPlatform.Core.Listing;
using RasaPlatform.Core.Listing.Filters;
using RasaPlatform.Core.Metadata;

namespace RasaPlatform.Core.Tests.Listing;

public class ListingFiltersTests
{
    private static readonly ConversationMetadata Conversation = new()
    {
        SenderId = "c",
        EventCount = 5,
        BotMessageCount = 1,
        Intents = ["greet"],
        Entities = [],
        Actions = ["utter_greet"],
        Policies = ["MemoizationPolicy"],
        InTrainingData = true,
        UserMessageCount = 2,
        LatestUserEventTime = 100,
        MinimumActionConfidence = 0.5,
        AssistantId = "moodbot",
        SearchText = "hello there",
    };

    /// <summary>One filter of each kind, set so that <see cref="Conversation"/> passes it.</summary>
    public static TheoryData<string, ConversationFilter> Passing => new()
    {
        { "intent", new ConversationFilter { Intents = ["bye", "greet"] } },
        { "text", new ConversationFilter { Text = "lo th" } },
        { "latest user message time", new ConversationFilter { Start = 100, Until = 100 } },
        { "action confidence", new ConversationFilter { MinimumConfidence = 0.5 } },
        { "minimum user messages", new ConversationFilter { MinimumUserMessages = 2 } },
        { "in training data", new ConversationFilter { InTrainingData = true } },
        { "assistant", new ConversationFilter { Assistants = new HashSet<string> { "moodbot" } } },
    };

    [Fact]
    public void NoFilterIsSetByNone_AndEveryConversationMatchesNone()
    {
        Assert.Empty(ListingFilters.SetIn(ConversationFilter.None));
        Assert.True(ListingFilters.Matches(ConversationFilter.None, Facts()));
    }

    [Fact]
    public void EachParameterBelongsToOneFilter()
    {
        var parameters = ListingFilters.All.SelectMany(f => f.Parameters).ToList();

        Assert.Equal(parameters.Count, parameters.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(ListingFilters.All.Count, ListingFilters.All.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(Passing))]
    public void AFilterTheConversationPasses_IsSetAndMatches(string name, ConversationFilter filter)
    {
        Assert.Equal(name, Assert.Single(ListingFilters.SetIn(filter)).Name);
        Assert.True(ListingFilters.Matches(filter, Facts()));
    }

    [Fact]
    public void AMissingValuePassesNoBound_AndAConversationWithoutAssistantIsInNoSet()
    {
        var unfolded = Conversation with { MinimumIntentConfidence = null, AssistantId = null };

        Assert.False(ListingFilters.Matches(new ConversationFilter { MaximumNluConfidence = 1 }, Facts(unfolded)));
        Assert.False(ListingFilters.Matches(new ConversationFilter { Assistants = new HashSet<string> { "moodbot" } }, Facts(unfolded)));
        Assert.False(ListingFilters.Matches(new ConversationFilter { Intents = ["bye"] }, Facts()));
        Assert.False(ListingFilters.Matches(new ConversationFilter { OnlyFlagged = true }, Facts()));
        Assert.True(ListingFilters.Matches(new ConversationFilter { OnlyFlagged = true }, Facts() with { HasFlaggedMessages = true }));
    }

    [Fact]
    public void SetsOnly_SaysWhetherEverySetFilterIsAllowed()
    {
        var filter = new ConversationFilter { Intents = ["greet"], Text = "hello" };

        Assert.True(ListingFilters.SetsOnly(filter, [.. ListingFilters.NameLists, ListingFilters.Text]));
        Assert.False(ListingFilters.SetsOnly(filter, ListingFilters.NameLists));
        Assert.True(ListingFilters.SetsOnly(ConversationFilter.None, []));
    }

    private static ListingFacts Facts(ConversationMetadata? metadata = null) => new(metadata ?? Conversation, false, []);
}
