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
internal sealed class AnalyticsApi(
    AnalyticsService analytics,
    AssistantAccess access,
    Core.Markers.MarkerDefinitions markerDefinitions,
    Core.Storage.IMarkerStore markerStore,
    IHttpContextAccessor http) : Contract.IAnalyticsController
{
    /// <summary>The CSV columns every row has, before the marker columns.</summary>
    private const string CsvHeader =
        "period,bin_start,bin_end,new_users,conversations,user_messages,bot_messages,total_messages,sessions_per_user,conversation_length,conversation_steps";

    /// <summary>The analytics units in seconds, widest first: bins whose edges all fall on one take the sessions counted per unit.</summary>
    private static readonly int[] UnitSeconds = [.. Core.Analytics.AnalyticsGrains.All.Select(g => (int)(g.Quarters * Core.Analytics.AnalyticsBucket.WidthSeconds)).OrderDescending()];

    // The mean Gregorian month and year (365.2425 days): the nominal width of calendar windows of months and years.
    private const double SecondsPerMonth = 2_629_746;
    private const double SecondsPerYear = 31_556_952;

    public async Task<ActionResult<Contract.AnalyticsResult>> GetAnalyticsAsync(
        string? start,
        string? end,
        string? window,
        string? tz,
        string? assistant,
        string? markers,
        string? compare,
        string? format,
        CancellationToken cancellationToken)
    {
        var csv = Http.CsvAnswer.Wanted(http.HttpContext!.Request, format);
        var scope = AssistantScope.Intersect(AssistantScope.Parse(nameof(assistant), assistant), access.Allowed);
        var markerNames = Core.Listing.ListingArguments.Names(nameof(markers), markers);
        var from = AnalyticsArguments.Time(nameof(start), start);
        var to = AnalyticsArguments.Time(nameof(end), end);
        var bins = AnalyticsArguments.Window(nameof(window), window);
        var zone = AnalyticsArguments.Zone(nameof(tz), tz);
        var previous = AnalyticsComparison.Parse(nameof(compare), compare);
        if (await analytics.RangeAsync(from, to, scope, cancellationToken).ConfigureAwait(false) is not var (first, last))
        {
            return Problems.NotFound("No user message is stored, so a missing 'start' or 'end' has no default; give both to get zeros.");
        }

        var contract = await AnswerAsync(first, last).ConfigureAwait(false);
        if (previous)
        {
            var (before, _) = AnalyticsComparison.PeriodBefore(first, last, nameof(compare));
            contract.Previous = await AnswerAsync(before, first).ConfigureAwait(false);
        }

        if (csv)
        {
            var header = CsvHeader + string.Concat(markerNames.Count > 0 ? [",marker_sessions", .. markerNames.Select(n => $",{Core.Csv.CsvRows.Field(n + ".sessions")},{Core.Csv.CsvRows.Field(n + ".share")}")] : Array.Empty<string>());
            return Http.CsvAnswer.Rows("analytics.csv", header, _ => CsvRows(contract, markerNames).ToAsyncEnumerable());
        }

        return contract;

        async Task<Contract.AnalyticsResult> AnswerAsync(Instant rangeStart, Instant rangeEnd)
        {
            var result = await analytics.AnalyticsAsync(rangeStart, rangeEnd, bins, zone, scope, cancellationToken).ConfigureAwait(false);
            var answer = ToContract(result);
            if (markerNames.Count > 0)
            {
                await AddMarkersAsync(answer, result.Bins, scope, markerNames, cancellationToken).ConfigureAwait(false);
            }

            return answer;
        }
    }

    /// <summary>
    /// Per bin, the sessions of the assistants in scope that define markers, and per marker those where it applied,
    /// under each assistant's current configuration.
    /// </summary>
    private async Task AddMarkersAsync(
        Contract.AnalyticsResult contract,
        AnalyticsBins bins,
        IReadOnlySet<string>? scope,
        IReadOnlyList<string> names,
        CancellationToken cancellationToken)
    {
        var snapshot = await markerDefinitions.CurrentAsync(cancellationToken).ConfigureAwait(false);
        var versions = snapshot.Versions.Where(v => scope is null || scope.Contains(v.Key)).Select(v => v.Value).ToList();
        var starts = bins.Select(b => TimeArgument.ToUnixSeconds(b.Start)).ToArray();
        var ends = bins.Select(b => TimeArgument.ToUnixSeconds(b.End)).ToArray();
        // The widest unit every bin edge falls on (a day, an hour, a quarter hour): the store then counts whole units.
        int? unit = UnitSeconds.Cast<int?>().FirstOrDefault(u => starts.Concat(ends).All(t => t % u!.Value == 0));
        var rows = await markerStore.SessionsByStartAsync(versions, names, starts[0], ends[^1], unit, cancellationToken)
            .ConfigureAwait(false);

        var total = new long[starts.Length];
        var applied = names.ToDictionary(n => n, _ => new long[starts.Length], StringComparer.Ordinal);
        foreach (var (time, marker, sessions) in rows)
        {
            // The bin holding the time: the last starting at or before it (bins are contiguous and ascending).
            var bin = Array.BinarySearch(starts, time);
            bin = bin >= 0 ? bin : ~bin - 1;
            if (bin < 0 || time >= ends[bin])
            {
                continue;
            }

            if (marker is null)
            {
                total[bin] += sessions;
            }
            else if (applied.TryGetValue(marker, out var counts))
            {
                counts[bin] += sessions;
            }
        }

        contract.Marker_sessions = [.. total];
        contract.Markers = applied.ToDictionary(
            p => p.Key,
            p => new Contract.MarkerBins
            {
                Sessions = [.. p.Value],
                Share = [.. p.Value.Select((n, i) => total[i] == 0 ? 0 : (double)n / total[i])],
            },
            StringComparer.Ordinal);
    }

    /// <summary>One row per bin, the current period's, then the previous period's when asked for.</summary>
    private static IEnumerable<string> CsvRows(Contract.AnalyticsResult current, IReadOnlyList<string> markerNames)
    {
        foreach (var (period, result) in new[] { ("current", current), ("previous", current.Previous) })
        {
            if (result is null)
            {
                continue;
            }

            var starts = result.Bin_starts.ToList();
            var ends = result.Bin_ends.ToList();
            var newUsers = result.New_users.ToList();
            var conversations = result.Conversations.ToList();
            var user = result.User_messages.ToList();
            var bot = result.Bot_messages.ToList();
            var total = result.Total_messages.ToList();
            var perUser = result.Sessions_per_user.ToList();
            var length = result.Conversation_length.ToList();
            var steps = result.Conversation_steps.ToList();
            var markerSessions = result.Marker_sessions?.ToList();
            for (var i = 0; i < starts.Count; i++)
            {
                List<object?> cells = [period, starts[i], ends[i], newUsers[i], conversations[i], user[i], bot[i], total[i], perUser[i], length[i], steps[i]];
                if (markerNames.Count > 0)
                {
                    cells.Add(markerSessions![i]);
                    foreach (var name in markerNames)
                    {
                        var bins = result.Markers![name];
                        cells.Add(bins.Sessions.ElementAt(i));
                        cells.Add(bins.Share.ElementAt(i));
                    }
                }

                yield return Core.Csv.CsvRows.Row([.. cells]);
            }
        }
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
