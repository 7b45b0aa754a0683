using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Reviews;

/// <summary>Where a reviewer is with a conversation (Rasa X 0.33): every conversation starts <see cref="Unread"/>.</summary>
/// <remarks>The numbers are stored (<c>conversation_reviews.review_status</c>); never renumber. Unread is kept as no row.</remarks>
public enum ReviewStatus : short
{
    Unread = 0,
    Reviewed = 1,
    SavedForLater = 2,
}

/// <summary>The review statuses by their contract names (<c>unread</c>, <c>reviewed</c>, <c>saved_for_later</c>).</summary>
public static class ReviewStatuses
{
    /// <summary>Every status, in the contract's order.</summary>
    public static IReadOnlyList<ReviewStatus> All { get; } = [ReviewStatus.Unread, ReviewStatus.Reviewed, ReviewStatus.SavedForLater];

    /// <summary>The contract's name of the status.</summary>
    public static string Name(ReviewStatus status) => status switch
    {
        ReviewStatus.Unread => "unread",
        ReviewStatus.Reviewed => "reviewed",
        ReviewStatus.SavedForLater => "saved_for_later",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The status a contract name names, or null for any other text.</summary>
    public static ReviewStatus? Parse(string? name) => name switch
    {
        "unread" => ReviewStatus.Unread,
        "reviewed" => ReviewStatus.Reviewed,
        "saved_for_later" => ReviewStatus.SavedForLater,
        _ => null,
    };

    /// <summary>A comma list of statuses, read as every listing name list is (<see cref="Listing.ListingArguments.Names(string, string?)"/>); empty for none.</summary>
    /// <exception cref="InvalidEventException">An item names no status, or the list is not a valid name list.</exception>
    public static IReadOnlyList<ReviewStatus> ParseList(string field, string? value) =>
        [.. Listing.ListingArguments.Names(field, value)
            .Select(item => Parse(item) ?? throw new InvalidEventException(
                field,
                $"'{field}' lists '{Listing.ListingArguments.Shorten(item)}', which is no review status; use {string.Join(", ", All.Select(Name))}."))
            .Distinct()];
}
