namespace RasaPlatform.Core.Analytics;

/// <summary>The reference computation of analytics: folds conversations' <see cref="ConversationActivity"/> into bins.</summary>
/// <remarks>
/// Each message counts in the bin of its own timestamp; each session counts, with its whole length and all its user
/// messages, in the bin of its start only, even when it goes on into later bins or began before the first bin (its
/// messages in the bins still count there). Facts outside every bin count nowhere.
/// </remarks>
public static class AnalyticsCalculator
{
    /// <summary>The sums of every bin, in bin order.</summary>
    public static IReadOnlyList<AnalyticsSums> Sum(IEnumerable<ConversationActivity> conversations, AnalyticsBins bins)
    {
        ArgumentNullException.ThrowIfNull(conversations);
        ArgumentNullException.ThrowIfNull(bins);
        var sums = new AnalyticsSums[bins.Count];

        // activeIn[i] == n: the n-th conversation (1-based) was already counted active in bin i.
        var activeIn = new int[bins.Count];
        var n = 0;
        foreach (var conversation in conversations)
        {
            n++;
            foreach (var message in conversation.Messages)
            {
                if (bins.IndexOf(message.Time) is var i and >= 0)
                {
                    sums[i] = sums[i] with
                    {
                        UserMessages = sums[i].UserMessages + (message.IsUser ? 1 : 0),
                        BotMessages = sums[i].BotMessages + (message.IsUser ? 0 : 1),
                    };
                    MarkActive(sums, activeIn, i, n);
                }
            }

            foreach (var session in conversation.Sessions)
            {
                if (bins.IndexOf(session.Start) is var i and >= 0)
                {
                    sums[i] = sums[i] with
                    {
                        Sessions = sums[i].Sessions + 1,
                        FirstSessions = sums[i].FirstSessions + (session.IsFirst ? 1 : 0),
                        SessionLength = sums[i].SessionLength + session.Length,
                        SessionUserMessages = sums[i].SessionUserMessages + session.UserMessages,
                    };
                    MarkActive(sums, activeIn, i, n);
                }
            }
        }

        return sums;
    }

    /// <summary>The analytics of <paramref name="conversations"/> over <paramref name="bins"/>.</summary>
    public static AnalyticsResult Compute(IEnumerable<ConversationActivity> conversations, AnalyticsBins bins) =>
        AnalyticsResult.FromSums(bins, Sum(conversations, bins));

    private static void MarkActive(AnalyticsSums[] sums, int[] activeIn, int bin, int conversation)
    {
        if (activeIn[bin] != conversation)
        {
            activeIn[bin] = conversation;
            sums[bin] = sums[bin] with { ActiveConversations = sums[bin].ActiveConversations + 1 };
        }
    }
}
