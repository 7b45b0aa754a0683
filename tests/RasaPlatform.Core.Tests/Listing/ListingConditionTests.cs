using RasaPlatform.Core.Events;
using RasaPlatform.Core.Listing;
using RasaPlatform.Core.Listing.Filters;
using RasaPlatform.Core.Reviews;

namespace RasaPlatform.Core.Tests.Listing;

/// <summary>The condition form of the filters that have one, against the registry's meaning of them.</summary>
public class ListingConditionTests
{
    private static readonly ListingMarks[] AllMarks =
    [
        .. Enumerable.Range(0, 1 << 4).Select(bits => (ListingMarks)bits),
    ];

    [Theory]
    [InlineData(new[] { ReviewStatus.Unread })]
    [InlineData(new[] { ReviewStatus.Reviewed })]
    [InlineData(new[] { ReviewStatus.SavedForLater })]
    [InlineData(new[] { ReviewStatus.Unread, ReviewStatus.SavedForLater })]
    [InlineData(new[] { ReviewStatus.Unread, ReviewStatus.Reviewed, ReviewStatus.SavedForLater })]
    public void ReviewStatus_Condition_HoldsForTheMarksOfTheStatusesAsked(ReviewStatus[] asked)
    {
        var condition = ListingFilters.ReviewStatus.Condition(new ConversationFilter { ReviewStatuses = asked })!;

        foreach (var status in ReviewStatuses.All)
        {
            var marks = status switch
            {
                ReviewStatus.Reviewed => ListingMarks.Reviewed,
                ReviewStatus.SavedForLater => ListingMarks.SavedForLater,
                _ => ListingMarks.None,
            };
            Assert.Equal(asked.Contains(status), condition.Holds(marks | ListingMarks.SessionEnded, _ => null));
        }
    }

    [Theory]
    [InlineData(true, 100.0, false, true)]
    [InlineData(true, 99.9, false, false)]
    [InlineData(true, 100.0, true, false)]
    [InlineData(false, 100.0, true, true)]
    [InlineData(false, 99.9, false, true)]
    [InlineData(false, 100.0, false, false)]
    public void InProgress_Condition_IsNoEndedSessionAndActivitySinceTheCutOff(bool inProgress, double lastActivity, bool ended, bool holds)
    {
        var condition = ListingFilters.InProgress.Condition(new ConversationFilter { Progress = new ProgressCondition(inProgress, 100) })!;

        Assert.Equal(holds, condition.Holds(ended ? ListingMarks.SessionEnded : ListingMarks.None, _ => lastActivity));
    }

    [Fact]
    public void InProgress_WithoutAnyActivity_IsFinished()
    {
        var finished = ListingFilters.InProgress.Condition(new ConversationFilter { Progress = new ProgressCondition(false, 100) })!;
        var going = ListingFilters.InProgress.Condition(new ConversationFilter { Progress = new ProgressCondition(true, 100) })!;

        Assert.True(finished.Holds(ListingMarks.None, _ => null));
        Assert.False(going.Holds(ListingMarks.None, _ => null));
    }

    [Fact]
    public void HasCorrections_Condition_IsTheCorrectedMark()
    {
        var with = ListingFilters.HasCorrections.Condition(new ConversationFilter { HasCorrections = true })!;
        var without = ListingFilters.HasCorrections.Condition(new ConversationFilter { HasCorrections = false })!;

        Assert.All(AllMarks, marks =>
        {
            Assert.Equal(marks.HasFlag(ListingMarks.Corrected), with.Holds(marks, _ => null));
            Assert.Equal(!marks.HasFlag(ListingMarks.Corrected), without.Holds(marks, _ => null));
        });
    }

    [Fact]
    public void FiltersWithoutACondition_GiveNone_AndUnsetFiltersGiveNone()
    {
        Assert.Null(ListingFilters.Intents.Condition(new ConversationFilter { Intents = ["greet"] }));
        Assert.Empty(ListingFilters.ConditionsOf(ConversationFilter.None));
        Assert.Equal(
            [ListingFilters.ReviewStatus, ListingFilters.HasCorrections, ListingFilters.InProgress, ListingFilters.Slots, ListingFilters.Markers, ListingFilters.MarkersNot],
            ListingFilters.WithConditions);
    }

    [Theory]
    [InlineData("reviewed,saved_for_later,reviewed", new[] { ReviewStatus.Reviewed, ReviewStatus.SavedForLater })]
    [InlineData(" unread , ,", new[] { ReviewStatus.Unread })]
    [InlineData("", new ReviewStatus[0])]
    public void ReviewStatuses_ParseList_TrimsDropsBlanksAndDuplicates(string value, ReviewStatus[] expected) =>
        Assert.Equal(expected, ReviewStatuses.ParseList("review_status", value));

    [Theory]
    [InlineData("Reviewed")]
    [InlineData("read")]
    [InlineData("reviewed,1")]
    public void ReviewStatuses_ParseList_RefusesAnythingElse_NamingTheField(string value) =>
        Assert.Equal("review_status", Assert.Throws<InvalidEventException>(() => ReviewStatuses.ParseList("review_status", value)).Field);
}
