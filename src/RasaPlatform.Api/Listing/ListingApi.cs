using System.Text.Json;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using RasaPlatform.Api.Generated;
using RasaPlatform.Core.Access;
using RasaPlatform.Core.Assistants;
using RasaPlatform.Api.Tags;
using RasaPlatform.Core.Events;
using Microsoft.Extensions.Options;
using NodaTime;
using RasaPlatform.Core.Listing;
using RasaPlatform.Core.Reviews;
using RasaPlatform.Core.Storage;
using RasaPlatform.Core.Tags;

namespace RasaPlatform.Api.Listing;

/// <summary>
/// The conversation listing with Rasa X's filters, the distinct names across all conversations, and the assistants;
/// each over the assistants the request asks for (<c>assistant</c>), or every one, within its token's limits.
/// </summary>
internal sealed class ListingApi(
    IConversationListing listing,
    AssistantAccess access,
    IClock clock,
    IOptions<ListingOptions> options,
    Core.Markers.MarkerDefinitions markers,
    IHttpContextAccessor http) : IListingController
{
    /// <summary>The CSV header of the listing; <see cref="CsvRow"/> writes the rows in its order.</summary>
    private const string CsvHeader =
        "sender_id,assistant_id,latest_event_time,latest_user_event_time,latest_input_channel,n_user_messages,n_bot_messages,event_count,"
        + "intents,entities,actions,policies,minimum_intent_confidence,maximum_intent_confidence,minimum_action_confidence,"
        + "maximum_action_confidence,in_training_data,flagged_messages,review_status,tags";

    /// <summary>How many rows one read of a CSV with <c>all</c> takes from the listing.</summary>
    private const int CsvPage = 1000;

    /// <summary>
    /// The marker filters as keys under every assistant's current version (null where a parameter names none), and
    /// the configurations they reflect as <c>ASSISTANT=VERSION</c> pairs; the versions are read once, only when asked.
    /// </summary>
    private async Task<(IReadOnlyList<string>? Markers, IReadOnlyList<string>? MarkersNot, string? Versions)> MarkerFiltersAsync(
        string? marker,
        string? markerNot,
        CancellationToken cancellationToken)
    {
        var wanted = ListingArguments.Names(nameof(marker), marker);
        var unwanted = ListingArguments.Names("marker_not", markerNot);
        if (wanted.Count == 0 && unwanted.Count == 0)
        {
            return (null, null, null);
        }

        var versions = (await markers.CurrentAsync(cancellationToken).ConfigureAwait(false)).Versions;
        return (
            wanted.Count == 0 ? null : Core.Markers.MarkerNames.Current(wanted, versions),
            unwanted.Count == 0 ? null : Core.Markers.MarkerNames.Current(unwanted, versions),
            string.Join(",", versions.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => string.Create(CultureInfo.InvariantCulture, $"{v.Key}={v.Value}"))));
    }

    public async Task<ActionResult<ICollection<ConversationMetadata>>> ListConversationsAsync(
        string? intent,
        string? entity,
        string? action,
        string? text,
        string? start,
        string? until,
        string? policies,
        double? maximumConfidence,
        double? minimumConfidence,
        double? minimumNluConfidence,
        double? maximumNluConfidence,
        string? input_channels,
        int? minimumUserMessages,
        bool? in_training_data,
        bool sort_by_confidence,
        bool sort_by_latest_event_time,
        bool is_flagged,
        string? assistant,
        string? tags,
        string? tags_any,
        string? review_status,
        bool? has_corrections,
        bool? in_progress,
        string? slots,
        string? marker,
        string? marker_not,
        int limit,
        int offset,
        string? format,
        bool all,
        CancellationToken cancellationToken)
    {
        var (pageSize, skip) = ListingArguments.Page(limit, offset);
        var csv = Http.CsvAnswer.Wanted(http.HttpContext!.Request, format);
        if (all && !csv)
        {
            throw new InvalidEventException(nameof(all), "'all' streams every row in CSV only: add format=csv (or Accept: text/csv), or page with limit and offset.");
        }

        var (withMarkers, withoutMarkers, markerVersions) = await MarkerFiltersAsync(marker, marker_not, cancellationToken).ConfigureAwait(false);
        var filter = new ConversationFilter
        {
            Intents = ListingArguments.Names(nameof(intent), intent),
            Entities = ListingArguments.Names(nameof(entity), entity),
            Actions = ListingArguments.Names(nameof(action), action),
            Policies = ListingArguments.Names(nameof(policies), policies),
            InputChannels = ListingArguments.Names(nameof(input_channels), input_channels),
            Text = ListingArguments.Text(nameof(text), text),
            Start = ListingArguments.Time(nameof(start), start),
            Until = ListingArguments.Time(nameof(until), until),
            MinimumUserMessages = minimumUserMessages is < 0
                ? throw new InvalidEventException(nameof(minimumUserMessages), "'minimumUserMessages' must not be negative.")
                : minimumUserMessages,
            MaximumConfidence = ListingArguments.Confidence(nameof(maximumConfidence), maximumConfidence),
            MinimumConfidence = ListingArguments.Confidence(nameof(minimumConfidence), minimumConfidence),
            MinimumNluConfidence = ListingArguments.Confidence(nameof(minimumNluConfidence), minimumNluConfidence),
            MaximumNluConfidence = ListingArguments.Confidence(nameof(maximumNluConfidence), maximumNluConfidence),
            InTrainingData = in_training_data,
            OnlyFlagged = is_flagged,
            Assistants = Assistants(assistant),
            TagNames = ListingArguments.Names(nameof(tags), tags),
            TagIds = TagArguments.Ids(nameof(tags_any), tags_any),
            ReviewStatuses = ReviewStatuses.ParseList(nameof(review_status), review_status),
            HasCorrections = has_corrections,
            Progress = in_progress is { } going ? options.Value.Progress(going, clock.GetCurrentInstant()) : null,
            Slots = SlotValues.Parse(nameof(slots), slots),
            Markers = withMarkers,
            MarkersNot = withoutMarkers,
        };
        if (filter.Start > filter.Until)
        {
            throw new InvalidEventException(nameof(until), "'until' is before 'start'.");
        }

        var order = ListingArguments.Order(in_training_data, sort_by_confidence, sort_by_latest_event_time);
        var query = new ConversationListQuery(filter, order, all ? CsvPage : pageSize, skip);
        var page = await listing.ListAsync(query, cancellationToken).ConfigureAwait(false);
        if (csv)
        {
            return new CsvPageResult(
                Http.CsvAnswer.Rows("conversations.csv", CsvHeader, token => CsvRowsAsync(page, query, all, token)),
                page.Total,
                markerVersions);
        }

        var body = page.Items.Select(ToContract).ToList();
        var next = skip + body.Count;
        return new PageResult(body, page.Total, next < page.Total ? next : null, markerVersions);
    }

    public Task<ActionResult<ICollection<string>>> ListActionsAsync(string? assistant, CancellationToken cancellationToken) =>
        DistinctAsync(NameCategory.Action, assistant, cancellationToken);

    public Task<ActionResult<ICollection<string>>> ListEntitiesAsync(string? assistant, CancellationToken cancellationToken) =>
        DistinctAsync(NameCategory.Entity, assistant, cancellationToken);

    public Task<ActionResult<ICollection<string>>> ListIntentsAsync(string? assistant, CancellationToken cancellationToken) =>
        DistinctAsync(NameCategory.Intent, assistant, cancellationToken);

    public Task<ActionResult<ICollection<string>>> ListInputChannelsAsync(string? assistant, CancellationToken cancellationToken) =>
        DistinctAsync(NameCategory.InputChannel, assistant, cancellationToken);

    public Task<ActionResult<ICollection<string>>> ListPoliciesAsync(string? assistant, CancellationToken cancellationToken) =>
        DistinctAsync(NameCategory.Policy, assistant, cancellationToken);

    public Task<ActionResult<ICollection<string>>> ListSlotNamesAsync(string? assistant, CancellationToken cancellationToken) =>
        DistinctAsync(NameCategory.SlotName, assistant, cancellationToken);

    public async Task<ActionResult<ICollection<object>>> ListSlotValuesAsync(string? slot, string? q, int limit, string? assistant, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 1000)
        {
            throw new InvalidEventException(nameof(limit), "'limit' must be between 1 and 1000.");
        }

        var name = slot is null ? null : ListingArguments.Names(nameof(slot), [slot]) switch
        {
            [var one] => one,
            _ => throw new InvalidEventException(nameof(slot), "'slot' must name a slot."),
        };
        var fragment = ListingArguments.Text(nameof(q), q);
        if (fragment is { Length: > SlotValues.MaximumJsonLength })
        {
            throw new InvalidEventException(nameof(q), $"'q' is longer than {SlotValues.MaximumJsonLength} characters.");
        }

        var keys = await listing.DistinctNamesAsync(NameCategory.SlotValue, Assistants(assistant), cancellationToken).ConfigureAwait(false);
        return keys.Select(SlotValue.FromKey)
            .Where(v => name is null || v.Name == name)
            .Select(v => v.Json)
            .Where(json => fragment is null || json.ToLowerInvariant().Contains(fragment, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(Whole)
            .OfType<object>()
            .Take(limit)
            .ToList();
    }

    /// <summary>The value a slot's JSON text holds; null for one cut at <see cref="SlotValues.MaximumJsonLength"/>, which is not listed.</summary>
    private static object? Whole(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async Task<ActionResult<ICollection<AssistantSummary>>> ListAssistantsAsync(CancellationToken cancellationToken) =>
        (await listing.AssistantsAsync(Assistants(null), cancellationToken).ConfigureAwait(false))
            .Select(a => new AssistantSummary { Name = a.Name, Conversations = a.Conversations })
            .ToList();

    /// <summary>
    /// The assistants the request is about: those <c>assistant</c> names, or every one (null), within the assistants
    /// its token is limited to, if it is.
    /// </summary>
    private IReadOnlySet<string>? Assistants(string? assistant) =>
        AssistantScope.Intersect(AssistantScope.Parse(nameof(assistant), assistant), access.Allowed);

    private async Task<ActionResult<ICollection<string>>> DistinctAsync(NameCategory category, string? assistant, CancellationToken cancellationToken) =>
        (await listing.DistinctNamesAsync(category, Assistants(assistant), cancellationToken).ConfigureAwait(false)).ToList();

    private static ConversationMetadata ToContract(ListedConversation listed)
    {
        var m = listed.Metadata;
        return new ConversationMetadata
        {
            Sender_id = m.SenderId,
            Latest_event_time = m.LatestEventTime,
            Latest_user_event_time = m.LatestUserEventTime,
            Latest_input_channel = m.LatestInputChannel,
            Assistant_id = m.AssistantId,
            Intents = [.. m.Intents],
            Entities = [.. m.Entities],
            Actions = [.. m.Actions],
            Policies = [.. m.Policies],
            Minimum_action_confidence = m.MinimumActionConfidence,
            Maximum_action_confidence = m.MaximumActionConfidence,
            Minimum_intent_confidence = m.MinimumIntentConfidence,
            Maximum_intent_confidence = m.MaximumIntentConfidence,
            In_training_data = m.InTrainingData,
            N_user_messages = m.UserMessageCount,
            N_bot_messages = m.BotMessageCount,
            Event_count = m.EventCount,
            Has_flagged_messages = listed.FlaggedMessages.Count > 0,
            Flagged_messages = [.. listed.FlaggedMessages],
            Unflagged_messages = [.. listed.UnflaggedMessages],
            Corrected_messages = [.. listed.CorrectedMessages.Select(c => new CorrectedMessage { Message_timestamp = c.MessageTimestamp, Intent = c.Intent })],
            Tags = [.. listed.Tags.Select(TagContracts.From)],
            Review_status = ReviewStatuses.Name(listed.ReviewStatus),
        };
    }

    /// <summary>The rows of the first page read, then, with <paramref name="all"/>, of every page after it.</summary>
    private async IAsyncEnumerable<string> CsvRowsAsync(
        ConversationPage first,
        ConversationListQuery query,
        bool all,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var page = first;
        var offset = query.Offset;
        while (true)
        {
            foreach (var listed in page.Items)
            {
                yield return CsvRow(listed);
            }

            offset += page.Items.Count;
            if (!all || page.Items.Count < query.Limit)
            {
                yield break;
            }

            page = await listing.ListAsync(query with { Offset = offset }, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string CsvRow(ListedConversation listed)
    {
        var m = listed.Metadata;
        return Core.Csv.CsvRows.Row(
            m.SenderId, m.AssistantId, m.LatestEventTime, m.LatestUserEventTime, m.LatestInputChannel, m.UserMessageCount, m.BotMessageCount,
            m.EventCount, string.Join(' ', m.Intents), string.Join(' ', m.Entities), string.Join(' ', m.Actions), string.Join(' ', m.Policies),
            m.MinimumIntentConfidence, m.MaximumIntentConfidence, m.MinimumActionConfidence, m.MaximumActionConfidence, m.InTrainingData,
            listed.FlaggedMessages.Count, ReviewStatuses.Name(listed.ReviewStatus), string.Join(' ', listed.Tags.Select(t => t.Name)));
    }

    /// <summary>A CSV answer with the headers a page of JSON has: <c>X-Total-Count</c>, and the marker versions when asked.</summary>
    private sealed class CsvPageResult(ActionResult csv, long total, string? markerVersions) : ActionResult
    {
        public override Task ExecuteResultAsync(ActionContext context)
        {
            PageHeaders(context.HttpContext.Response, total, nextOffset: null, markerVersions);
            return csv.ExecuteResultAsync(context);
        }
    }

    /// <summary>The listing's headers: the marker versions when asked, <c>X-Total-Count</c>, and <c>next_offset</c> while more pages remain.</summary>
    private static void PageHeaders(HttpResponse response, long total, long? nextOffset, string? markerVersions)
    {
        var headers = response.Headers;
        if (markerVersions is not null)
        {
            headers[Markers.MarkersApi.VersionsHeader] = markerVersions;
        }

        headers["X-Total-Count"] = total.ToString(CultureInfo.InvariantCulture);
        if (nextOffset is { } next)
        {
            headers["next_offset"] = next.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>A page with the paging headers: <c>X-Total-Count</c>, and <c>next_offset</c> while more pages remain.</summary>
    private sealed class PageResult(List<ConversationMetadata> body, long total, long? nextOffset, string? markerVersions) : ObjectResult(body)
    {
        public override Task ExecuteResultAsync(ActionContext context)
        {
            PageHeaders(context.HttpContext.Response, total, nextOffset, markerVersions);
            return base.ExecuteResultAsync(context);
        }
    }
}
