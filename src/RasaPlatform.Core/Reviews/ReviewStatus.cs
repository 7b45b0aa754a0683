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

    /// <summary>A comma list of statuses (trimmed, blanks dropped, duplicates removed); empty for none.</summary>
    /// <exception cref="InvalidEventException">An item names no status.</exception>
    public static IReadOnlyList<ReviewStatus> ParseList(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return [];
        }

        var statuses = new List<ReviewStatus>();
        foreach (var item in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var status = Parse(item) ?? throw new InvalidEventException(
                field,
                $"'{field}' lists '{Shorten(item)}', which is no review status; use {string.Join(", ", All.Select(Name))}.");
            if (!statuses.Contains(status))
            {
                statuses.Add(status);
            }
        }

        return statuses;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
