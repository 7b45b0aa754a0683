namespace RasaPlatform.Core.Listing;

/// <summary>The order of the listing. Ties always fall back to the most recent activity, then to the store's id.</summary>
public enum ConversationOrder
{
    /// <summary>Most recent <c>latest_event_time</c> first.</summary>
    LatestEventTimeDescending,

    /// <summary>
    /// Highest minimum action confidence first, as the spec's <c>sort_by_confidence</c> says; conversations without
    /// one come last.
    /// </summary>
    MinimumActionConfidenceDescending,

    /// <summary>The order conversations were first stored in.</summary>
    Arrival,
}
