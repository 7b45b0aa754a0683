using NodaTime;
using RasaPlatform.Benchmarks.Run.Analytics;

namespace RasaPlatform.Benchmarks.Tests.Analytics;

public class BinCountsTests
{
    private static readonly Instant Start = Instant.FromUtc(2025, 1, 1, 0, 0);
    private static readonly Instant[] Edges = [Start, Start + Duration.FromHours(1), Start + Duration.FromHours(2), Start + Duration.FromHours(3)];

    [Fact]
    public void FromSql_BinsWithoutARowAreZeros()
    {
        var counts = BinCounts.FromSql([[1, 5, 4, 2, 1]], Edges);

        Assert.Equal([Start.ToUnixTimeSeconds(), Start.ToUnixTimeSeconds() + 3600, Start.ToUnixTimeSeconds() + 7200], counts.BinStarts);
        Assert.Equal([0, 5, 0], counts.UserMessages);
        Assert.Equal([0, 4, 0], counts.BotMessages);
        Assert.Equal([0, 2, 0], counts.Conversations);
        Assert.Equal([0, 1, 0], counts.Sessions);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(-1)]
    [InlineData(0.5)]
    public void FromSql_BinOutsideTheRange_Throws(double bin) =>
        Assert.Throws<InvalidOperationException>(() => BinCounts.FromSql([[bin, 1, 1, 1, 0]], Edges));

    [Fact]
    public void Disagreement_SameMessagesAndMoreConversations_IsNone()
    {
        var sql = Counts(user: [1, 2, 3], conversations: [1, 1, 1]);

        Assert.Null(Counts(user: [1, 2, 3], conversations: [1, 2, 1]).Disagreement(sql));
    }

    [Fact]
    public void Disagreement_UserMessagesDiffer_SaysWhereFirst()
    {
        var sql = Counts(user: [1, 2, 3, 4], conversations: [1, 1, 1, 1]);

        var problem = (sql with { UserMessages = [1, 2, 4, 5] }).Disagreement(sql);

        Assert.Equal("user_messages differs in 2 bins, first bin 2: 4, SQL 3", problem);
    }

    [Fact]
    public void Disagreement_FewerConversationsThanSenders_IsOne()
    {
        var problem = Counts(user: [1, 1], conversations: [0, 1]).Disagreement(Counts(user: [1, 1], conversations: [1, 1]));

        Assert.Contains("conversations (at least the senders with a message) differs in 1 bins, first bin 0: 0, SQL 1", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Disagreement_OtherBinCountOrStarts_IsOne()
    {
        var sql = Counts(user: [1, 1], conversations: [1, 1]);
        var shifted = sql with { BinStarts = [0, 86400] };

        Assert.Equal("3 bins, SQL 2", Counts(user: [1, 1, 0], conversations: [1, 1, 0]).Disagreement(sql));
        Assert.StartsWith("bin_starts differs in 1 bins, first bin 1", shifted.Disagreement(sql), StringComparison.Ordinal);
    }

    [Fact]
    public void Disagreement_AListShorterThanTheBins_IsOne() =>
        Assert.Equal(
            "bot_messages has 1 values for 2 bins",
            (Counts(user: [1, 1], conversations: [1, 1]) with { BotMessages = [1] }).Disagreement(Counts(user: [1, 1], conversations: [1, 1])));

    private static BinCounts Counts(long[] user, long[] conversations) =>
        new([.. user.Select((_, i) => i * 3600.0)], user, [.. user.Select(u => u * 2)], conversations, [.. user.Select(_ => 0.0)]);
}
