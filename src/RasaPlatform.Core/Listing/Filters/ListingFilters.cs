namespace RasaPlatform.Core.Listing.Filters;

/// <summary>Every filter of the conversation listing, in the contract's order: the one list of them.</summary>
public static class ListingFilters
{
    public static ListingFilter Intents { get; } = Names("intent", f => f.Intents, m => m.Intents);

    public static ListingFilter Entities { get; } = Names("entity", f => f.Entities, m => m.Entities);

    public static ListingFilter Actions { get; } = Names("action", f => f.Actions, m => m.Actions);

    public static ListingFilter Text { get; } = new(
        "text",
        ["text"],
        f => !string.IsNullOrEmpty(f.Text),
        (f, c) => c.Metadata.SearchText.Contains(f.Text!, StringComparison.Ordinal));

    /// <summary>The latest user message's time within <c>start</c> and <c>until</c>, inclusive.</summary>
    public static ListingFilter LatestUserMessageTime { get; } = new(
        "latest user message time",
        ["start", "until"],
        f => f.Start is not null || f.Until is not null,
        (f, c) => Within(c.Metadata.LatestUserEventTime, f.Start, f.Until));

    public static ListingFilter Policies { get; } = Names("policies", f => f.Policies, m => m.Policies);

    /// <summary>The lowest action confidence within <c>minimumConfidence</c> and <c>maximumConfidence</c>, inclusive.</summary>
    public static ListingFilter ActionConfidence { get; } = new(
        "action confidence",
        ["maximumConfidence", "minimumConfidence"],
        f => f.MinimumConfidence is not null || f.MaximumConfidence is not null,
        (f, c) => Within(c.Metadata.MinimumActionConfidence, f.MinimumConfidence, f.MaximumConfidence));

    /// <summary>The lowest intent confidence within <c>minimumNluConfidence</c> and <c>maximumNluConfidence</c>, inclusive.</summary>
    public static ListingFilter IntentConfidence { get; } = new(
        "intent confidence",
        ["minimumNluConfidence", "maximumNluConfidence"],
        f => f.MinimumNluConfidence is not null || f.MaximumNluConfidence is not null,
        (f, c) => Within(c.Metadata.MinimumIntentConfidence, f.MinimumNluConfidence, f.MaximumNluConfidence));

    public static ListingFilter InputChannels { get; } = new(
        "input channel",
        ["input_channels"],
        f => f.InputChannels.Count > 0,
        (f, c) => c.Metadata.LatestInputChannel is { } channel && f.InputChannels.Contains(channel));

    public static ListingFilter MinimumUserMessages { get; } = new(
        "minimum user messages",
        ["minimumUserMessages"],
        f => f.MinimumUserMessages is not null,
        (f, c) => c.Metadata.UserMessageCount >= f.MinimumUserMessages);

    public static ListingFilter InTrainingData { get; } = new(
        "in training data",
        ["in_training_data"],
        f => f.InTrainingData is not null,
        (f, c) => c.Metadata.InTrainingData == f.InTrainingData);

    public static ListingFilter Flagged { get; } = new(
        "flagged",
        ["is_flagged"],
        f => f.OnlyFlagged,
        (_, c) => c.HasFlaggedMessages);

    public static ListingFilter Assistant { get; } = new(
        "assistant",
        ["assistant"],
        f => f.Assistants is not null,
        (f, c) => c.Metadata.AssistantId is { } assistant && f.Assistants!.Contains(assistant));

    public static ListingFilter TagNames { get; } = new(
        "tag names",
        ["tags"],
        f => f.TagNames.Count > 0,
        (f, c) => c.Tags.Any(t => f.TagNames.Contains(t.Name)));

    public static ListingFilter TagIds { get; } = new(
        "tag ids",
        ["tags_any"],
        f => f.TagIds.Count > 0,
        (f, c) => c.Tags.Any(t => f.TagIds.Contains(t.Id)));

    /// <summary>The review status is ANY of those given (<c>review_status</c>).</summary>
    public static ListingFilter ReviewStatus { get; } = new(
        "review status",
        ["review_status"],
        f => f.ReviewStatuses.Count > 0,
        (f, c) => f.ReviewStatuses.Contains(c.ReviewStatus),
        f => new ListingCondition.MarksIn(ListingMarks.Reviewed | ListingMarks.SavedForLater, [.. f.ReviewStatuses.Select(MarksOf)]));

    /// <summary>Some user message carries an intent correction, or none does (<c>has_corrections</c>).</summary>
    public static ListingFilter HasCorrections { get; } = new(
        "has corrections",
        ["has_corrections"],
        f => f.HasCorrections is not null,
        (f, c) => c.HasCorrections == f.HasCorrections,
        f => new ListingCondition.MarksIn(ListingMarks.Corrected, [f.HasCorrections == true ? ListingMarks.Corrected : ListingMarks.None]));

    /// <summary>The latest session is going on, or over (<c>in_progress</c>): see <see cref="ProgressCondition"/>.</summary>
    public static ListingFilter InProgress { get; } = new(
        "in progress",
        ["in_progress"],
        f => f.Progress is not null,
        (f, c) => ProgressCondition.IsInProgress(c.Metadata, f.Progress!.ActiveSince) == f.Progress.InProgress,
        f =>
        {
            ListingCondition going = new ListingCondition.All(
            [
                new ListingCondition.MarksIn(ListingMarks.SessionEnded, [ListingMarks.None]),
                new ListingCondition.AtLeast(ListingColumn.LastActivity, f.Progress!.ActiveSince),
            ]);
            return f.Progress.InProgress ? going : new ListingCondition.Negated(going);
        });

    /// <summary>Some <c>slot</c> event set a value whose JSON text holds the fragment of ANY item (<c>slots=NAME:VALUE,…</c>).</summary>
    public static ListingFilter Slots { get; } = new(
        "slots",
        ["slots"],
        f => f.Slots.Count > 0,
        (f, c) => f.Slots.Any(item => item.Matches(c.Metadata.Slots)),
        f => new ListingCondition.SlotsMatch(f.Slots));

    /// <summary>Some session had ANY of the markers apply (<c>marker=NAME,…</c>), under its assistant's current configuration.</summary>
    public static ListingFilter Markers { get; } = new(
        "markers",
        ["marker"],
        f => f.Markers is not null,
        (f, c) => f.Markers!.Any(c.Markers.Contains),
        f => new ListingCondition.NamesAny(NameCategory.Marker, f.Markers!));

    /// <summary>No session had any of the markers apply (<c>marker_not=NAME,…</c>).</summary>
    public static ListingFilter MarkersNot { get; } = new(
        "markers not applied",
        ["marker_not"],
        f => f.MarkersNot is not null,
        (f, c) => !f.MarkersNot!.Any(c.Markers.Contains),
        f => new ListingCondition.Negated(new ListingCondition.NamesAny(NameCategory.Marker, f.MarkersNot!)));

    /// <summary>Every filter, in the order of the contract's parameters.</summary>
    public static IReadOnlyList<ListingFilter> All { get; } =
    [
        Intents, Entities, Actions, Text, LatestUserMessageTime, Policies, ActionConfidence, IntentConfidence, InputChannels,
        MinimumUserMessages, InTrainingData, Flagged, Assistant, TagNames, TagIds, ReviewStatus, HasCorrections, InProgress, Slots,
        Markers, MarkersNot,
    ];

    /// <summary>The filters the index and the stores evaluate from their <see cref="ListingFilter.Condition"/>.</summary>
    public static IReadOnlyList<ListingFilter> WithConditions { get; } = [.. All.Where(f => f.HasCondition)];

    /// <summary>The conditions <paramref name="filter"/> sets through filters that have one.</summary>
    public static IEnumerable<ListingCondition> ConditionsOf(ConversationFilter filter) =>
        WithConditions.Select(f => f.Condition(filter)).OfType<ListingCondition>();

    /// <summary>The name-list filters, which the stores answer by semi-joins on their names.</summary>
    public static IReadOnlyList<ListingFilter> NameLists { get; } = [Intents, Entities, Actions, Policies];

    /// <summary>Whether the conversation passes every condition of <paramref name="filter"/>: the listing's meaning.</summary>
    public static bool Matches(ConversationFilter filter, ListingFacts facts) => All.All(f => f.Matches(filter, facts));

    /// <summary>The filters <paramref name="filter"/> sets.</summary>
    public static IEnumerable<ListingFilter> SetIn(ConversationFilter filter) => All.Where(f => f.IsSet(filter));

    /// <summary>Whether <paramref name="filter"/> sets no filter but those in <paramref name="allowed"/>.</summary>
    public static bool SetsOnly(ConversationFilter filter, IEnumerable<ListingFilter> allowed)
    {
        var permitted = allowed.ToHashSet();
        return SetIn(filter).All(permitted.Contains);
    }

    private static ListingMarks MarksOf(Reviews.ReviewStatus status) => status switch
    {
        Reviews.ReviewStatus.Reviewed => ListingMarks.Reviewed,
        Reviews.ReviewStatus.SavedForLater => ListingMarks.SavedForLater,
        _ => ListingMarks.None,
    };

    private static ListingFilter Names(string parameter, Func<ConversationFilter, IReadOnlyList<string>> wanted, Func<Metadata.ConversationMetadata, IReadOnlyList<string>> present) => new(
        parameter,
        [parameter],
        f => wanted(f).Count > 0,
        (f, c) => wanted(f).Any(present(c.Metadata).Contains));

    /// <summary>Whether <paramref name="value"/> lies within the bounds given; a missing value passes no bound.</summary>
    private static bool Within(double? value, double? atLeast, double? atMost) =>
        (atLeast is not { } low || (value is { } v && v >= low)) && (atMost is not { } high || (value is { } w && w <= high));
}
