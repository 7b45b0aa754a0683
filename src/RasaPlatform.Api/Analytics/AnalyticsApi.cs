using Microsoft.AspNetCore.Mvc;
using NodaTime;
using RasaPlatform.Api.Http;
using RasaPlatform.Core.Access;
using RasaPlatform.Core.Analytics;
using RasaPlatform.Core.Assistants;
using RasaPlatform.Core.Queries;
using Contract = RasaPlatform.Api.Generated;

namespace RasaPlatform.Api.Analytics;

/// <summary>Binned activity over a time range: fixed or calendar windows in a time zone.</summary>
/// <remarks>
/// A token limited to assistants counts its assistants' conversations only (<see cref="AssistantAccess.Allowed"/>), the
/// default range included.
/// </remarks>
internal sealed class AnalyticsApi(AnalyticsService analytics, AssistantAccess access) : Contract.IAnalyticsController
{
    // The mean Gregorian month and year (365.2425 days): the nominal width of calendar windows of months and years.
    private const double SecondsPerMonth = 2_629_746;
    private const double SecondsPerYear = 31_556_952;

    public async Task<ActionResult<Contract.AnalyticsResult>> GetAnalyticsAsync(
        string? start,
        string? end,
        string? window,
        string? tz,
        string? assistant,
        CancellationToken cancellationToken)
    {
        var result = await analytics.AnalyticsAsync(
            AnalyticsArguments.Time(nameof(start), start),
            AnalyticsArguments.Time(nameof(end), end),
            AnalyticsArguments.Window(nameof(window), window),
            AnalyticsArguments.Zone(nameof(tz), tz),
            AssistantScope.Intersect(AssistantScope.Parse(nameof(assistant), assistant), access.Allowed),
            cancellationToken).ConfigureAwait(false);
        if (result is null)
        {
            return Problems.NotFound("No user message is stored, so a missing 'start' or 'end' has no default; give both to get zeros.");
        }

        return ToContract(result);
    }

    private static Contract.AnalyticsResult ToContract(AnalyticsResult result) => new()
    {
        New_users = [.. result.NewUsers],
        Conversations = [.. result.Conversations],
        User_messages = [.. result.UserMessages],
        Bot_messages = [.. result.BotMessages],
        Total_messages = [.. result.TotalMessages],
        Sessions_per_user = [.. result.SessionsPerUser],
        Conversation_length = [.. result.ConversationLength],
        Conversation_steps = [.. result.ConversationSteps],
        Bin_starts = [.. result.Bins.Select(b => TimeArgument.ToUnixSeconds(b.Start))],
        Bin_ends = [.. result.Bins.Select(b => TimeArgument.ToUnixSeconds(b.End))],
        Bin_centers = [.. result.Bins.Select(b => TimeArgument.ToUnixSeconds(b.Center))],
        Bin_width = NominalWidth(result.Bins),
    };

    /// <summary>A fixed window in seconds, the equal width of the default bins, or a calendar period's nominal length.</summary>
    private static double NominalWidth(AnalyticsBins bins) => bins.Window switch
    {
        null => bins[0].Width.TotalSeconds,
        { Fixed: { } width } => width.TotalSeconds,
        { Calendar: { } p } => (p.Years * SecondsPerYear) + (p.Months * SecondsPerMonth)
            + (p.Weeks * (double)NodaConstants.SecondsPerWeek) + (p.Days * (double)NodaConstants.SecondsPerDay),
        _ => throw new InvalidOperationException("A window is fixed or calendar."),
    };
}
