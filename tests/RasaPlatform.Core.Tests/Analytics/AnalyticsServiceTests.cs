using NodaTime;
using RasaPlatform.Core.Analytics;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Storage;
using static RasaPlatform.Core.Tests.Analytics.AnalyticsEvents;

namespace RasaPlatform.Core.Tests.Analytics;

public class AnalyticsServiceTests
{
    [Fact]
    public async Task Analytics_NoBoundsAndARangeOfWholeBins_CountsTheLastUserMessage()
    {
        // First and last user messages 100 s apart: ten bins of 10 s would end exactly at the last one.
        var service = new AnalyticsService(new ActivityStore(ConversationActivity.FromEvents("a", [User(1000), Bot(1050), User(1100)])));

        var result = await service.AnalyticsAsync(null, null, null, DateTimeZone.Utc, null, CancellationToken.None);

        Assert.NotNull(result);
        Assert.Equal(2, result.UserMessages.Sum());
        Assert.Equal(1, result.BotMessages.Sum());
        Assert.Equal(Instant.FromUnixTimeSeconds(1000), result.Bins.Start);
        Assert.Equal(Duration.FromSeconds(11), result.Bins[0].Width);
    }

    [Fact]
    public async Task Analytics_NoBoundsAndADayWindow_LastUserMessageAtMidnightGetsItsDay()
    {
        var service = new AnalyticsService(new ActivityStore(ConversationActivity.FromEvents("a", [User(1_704_067_200 - 60), User(1_704_067_200)])));

        var result = await service.AnalyticsAsync(null, null, AnalyticsWindow.Parse("window", "P1D"), DateTimeZone.Utc, null, CancellationToken.None);

        Assert.NotNull(result);
        Assert.Equal([1L, 1L], result.UserMessages);
    }

    [Fact]
    public async Task Analytics_NothingStoredAndABoundMissing_IsNull_WithBothBounds_Zeros()
    {
        var service = new AnalyticsService(new ActivityStore());

        Assert.Null(await service.AnalyticsAsync(Instant.FromUnixTimeSeconds(0), null, null, DateTimeZone.Utc, null, CancellationToken.None));
        var result = await service.AnalyticsAsync(Instant.FromUnixTimeSeconds(0), Instant.FromUnixTimeSeconds(100), null, DateTimeZone.Utc, null, CancellationToken.None);
        Assert.NotNull(result);
        Assert.All(result.UserMessages, n => Assert.Equal(0, n));
    }

    [Fact]
    public async Task Statistics_UntilBeforeStart_NamesUntil()
    {
        var service = new AnalyticsService(new ActivityStore());

        var error = await Assert.ThrowsAsync<InvalidEventException>(() =>
            service.StatisticsAsync(Instant.FromUnixTimeSeconds(10), Instant.FromUnixTimeSeconds(9), 3, null, CancellationToken.None));

        Assert.Equal("until", error.Field);
    }

    /// <summary>The port answered by the reference fold over whole conversations.</summary>
    private sealed class ActivityStore(params ConversationActivity[] conversations) : IAnalyticsStore
    {
        public Task<(Instant First, Instant Last)?> UserMessageRangeAsync(IReadOnlyCollection<string>? assistants, CancellationToken cancellationToken)
        {
            var times = conversations.SelectMany(c => c.Messages).Where(m => m.IsUser).Select(m => m.Time).ToList();
            return Task.FromResult<(Instant, Instant)?>(times.Count == 0 ? null : (times.Min(), times.Max()));
        }

        public Task<IReadOnlyList<AnalyticsSums>> SumAsync(AnalyticsBins bins, IReadOnlyCollection<string>? assistants, CancellationToken cancellationToken) =>
            Task.FromResult(AnalyticsCalculator.Sum(conversations, bins));

        public Task<ConversationStatistics> StatisticsAsync(Instant? start, Instant? until, int limit, IReadOnlyCollection<string>? assistants, CancellationToken cancellationToken) =>
            Task.FromResult(new StatisticsBuilder(start, until).Build(limit));
    }
}
