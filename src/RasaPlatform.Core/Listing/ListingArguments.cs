using RasaPlatform.Core.Events;
using RasaPlatform.Core.Queries;

namespace RasaPlatform.Core.Listing;

/// <summary>Reads the listing's query parameters as Rasa X accepted them, and says which one is wrong when one is.</summary>
public static class ListingArguments
{
    /// <summary>At most this many names in one comma list.</summary>
    public const int MaximumNames = 100;

    /// <summary>At most this many characters in the text filter.</summary>
    public const int MaximumTextLength = 1000;

    /// <summary>A comma-separated list: each item trimmed, empty items dropped, duplicates removed.</summary>
    /// <exception cref="InvalidEventException">More than <see cref="MaximumNames"/> names, or one with a control character.</exception>
    public static IReadOnlyList<string> Names(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return [];
        }

        return Names(field, value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Names given as a list: blank ones are left out, the rest trimmed; at most <see cref="MaximumNames"/>, without control characters.</summary>
    /// <exception cref="InvalidEventException">Too many names, or one holds a control character.</exception>
    public static IReadOnlyList<string> Names(string field, IEnumerable<string> values)
    {
        var names = values.Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count > MaximumNames)
        {
            throw new InvalidEventException(field, $"'{field}' lists {names.Count} values; at most {MaximumNames} are allowed.");
        }

        // Names (intents, actions, tags, ...) never hold one; PostgreSQL could not even compare a NUL.
        return names.Any(n => n.Any(char.IsControl))
            ? throw new InvalidEventException(field, $"'{field}' holds a control character; the names it matches have none.")
            : names;
    }

    /// <summary>An item quoted in a message: its first 40 characters.</summary>
    public static string Shorten(string item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Length <= 40 ? item : item[..40] + "…";
    }

    /// <summary>The text filter, lower-cased as the stored texts are; empty means no filter.</summary>
    public static string? Text(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new InvalidEventException(field, $"'{field}' holds a NUL character, which no stored text holds (EventNormalizer refuses it).");
        }

        return value.Length <= MaximumTextLength
            ? value.ToLowerInvariant()
            : throw new InvalidEventException(field, $"'{field}' is longer than {MaximumTextLength} characters.");
    }

    /// <summary>A point in time as Unix seconds: Unix seconds or ISO-8601.</summary>
    public static double? Time(string field, string? value) =>
        TimeArgument.Parse(field, value) is { } instant ? TimeArgument.ToUnixSeconds(instant) : null;

    /// <summary>A confidence bound: a finite number.</summary>
    public static double? Confidence(string field, double? value) =>
        value is not { } v || double.IsFinite(v) ? value : throw new InvalidEventException(field, $"'{field}' must be a finite number.");

    /// <summary>The order the spec's two sort flags ask for.</summary>
    /// <remarks>
    /// <c>sort_by_confidence</c> applies only when <c>in_training_data</c> is false; otherwise
    /// <c>sort_by_latest_event_time</c> decides; with neither, conversations come in the order they were first stored.
    /// </remarks>
    public static ConversationOrder Order(bool? inTrainingData, bool sortByConfidence, bool sortByLatestEventTime) =>
        inTrainingData == false && sortByConfidence ? ConversationOrder.MinimumActionConfidenceDescending
        : sortByLatestEventTime ? ConversationOrder.LatestEventTimeDescending
        : ConversationOrder.Arrival;

    /// <summary>Checks a page window.</summary>
    public static (int Limit, int Offset) Page(int? limit, int? offset)
    {
        var l = limit ?? ConversationListQuery.DefaultLimit;
        if (l is < 1 or > ConversationListQuery.MaximumLimit)
        {
            throw new InvalidEventException("limit", $"'limit' must be between 1 and {ConversationListQuery.MaximumLimit}.");
        }

        var o = offset ?? 0;
        return o >= 0 ? (l, o) : throw new InvalidEventException("offset", "'offset' must not be negative.");
    }
}
