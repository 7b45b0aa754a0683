namespace RasaPlatform.Core.Analytics;

/// <summary>The analytics of a range: one value per bin in every list, in bin order.</summary>
/// <remarks>
/// Built only by <see cref="FromSums"/>, the one place the metrics are defined from <see cref="AnalyticsSums"/>; a mean
/// over no sessions and a ratio over no conversations are 0, so empty bins are all zeros.
/// </remarks>
public sealed record AnalyticsResult
{
    public required AnalyticsBins Bins { get; init; }

    /// <summary>The sums the values come from.</summary>
    public required IReadOnlyList<AnalyticsSums> Sums { get; init; }

    /// <summary>Sessions starting in the bin that are their conversation's first (the spec's <c>newUsers</c>).</summary>
    public required IReadOnlyList<long> NewUsers { get; init; }

    /// <summary>Distinct conversations with a message or a session start in the bin.</summary>
    public required IReadOnlyList<long> Conversations { get; init; }

    public required IReadOnlyList<long> UserMessages { get; init; }

    public required IReadOnlyList<long> BotMessages { get; init; }

    /// <summary><see cref="UserMessages"/> + <see cref="BotMessages"/>.</summary>
    public required IReadOnlyList<long> TotalMessages { get; init; }

    /// <summary>Sessions starting in the bin ÷ <see cref="Conversations"/>.</summary>
    public required IReadOnlyList<double> SessionsPerUser { get; init; }

    /// <summary>Mean length in seconds of the sessions starting in the bin.</summary>
    public required IReadOnlyList<double> ConversationLength { get; init; }

    /// <summary>Mean number of user messages of the sessions starting in the bin.</summary>
    public required IReadOnlyList<double> ConversationSteps { get; init; }

    /// <summary>Derives every metric from the bins' sums.</summary>
    /// <exception cref="ArgumentException">Not one sum per bin.</exception>
    public static AnalyticsResult FromSums(AnalyticsBins bins, IReadOnlyList<AnalyticsSums> sums)
    {
        ArgumentNullException.ThrowIfNull(bins);
        ArgumentNullException.ThrowIfNull(sums);
        if (sums.Count != bins.Count)
        {
            throw new ArgumentException($"{sums.Count} sums for {bins.Count} bins.", nameof(sums));
        }

        return new AnalyticsResult
        {
            Bins = bins,
            Sums = sums,
            NewUsers = [.. sums.Select(s => s.FirstSessions)],
            Conversations = [.. sums.Select(s => s.ActiveConversations)],
            UserMessages = [.. sums.Select(s => s.UserMessages)],
            BotMessages = [.. sums.Select(s => s.BotMessages)],
            TotalMessages = [.. sums.Select(s => s.UserMessages + s.BotMessages)],
            SessionsPerUser = [.. sums.Select(s => Ratio(s.Sessions, s.ActiveConversations))],
            ConversationLength = [.. sums.Select(s => s.Sessions == 0 ? 0 : s.SessionLength.TotalSeconds / s.Sessions)],
            ConversationSteps = [.. sums.Select(s => Ratio(s.SessionUserMessages, s.Sessions))],
        };
    }

    private static double Ratio(long dividend, long divisor) => divisor == 0 ? 0 : dividend / (double)divisor;
}
