using RasaPlatform.Core.Events;
using RasaPlatform.Core.Listing;
using RasaPlatform.Core.Queries;
using RasaPlatform.Core.Tags;

namespace RasaPlatform.Core.RawConversations;

/// <summary>Reads the raw export's query parameters, naming the one that is wrong when one is.</summary>
public static class RawConversationArguments
{
    /// <summary>The query the parameters ask for.</summary>
    /// <param name="assistantName">Required: the assistant.</param>
    /// <param name="fromTime">Inclusive lower bound: ISO-8601 (UTC without an offset) or Unix seconds; optional.</param>
    /// <param name="toTime">Exclusive upper bound, not before <paramref name="fromTime"/>; optional.</param>
    /// <param name="limit">1 to <see cref="RawConversationQuery.MaximumLimit"/>.</param>
    /// <param name="offset">0 or more.</param>
    /// <param name="tags">Comma-separated tag names; optional.</param>
    /// <exception cref="InvalidEventException">A parameter is not acceptable; <see cref="InvalidEventException.Field"/> names it.</exception>
    public static RawConversationQuery Query(string? assistantName, string? fromTime, string? toTime, int limit, int offset, string? tags) =>
        Query(nameof(assistantName), assistantName, fromTime, toTime, limit, offset, tags?.Split(',') ?? []);

    /// <summary>The query the arguments ask for, with tag names as a list and the assistant under the name the request gave it.</summary>
    /// <param name="assistantField">The name of the field that gave the assistant, for errors.</param>
    /// <param name="assistantName">Required: the assistant.</param>
    /// <param name="fromTime">Inclusive lower bound: ISO-8601 (UTC without an offset) or Unix seconds; optional.</param>
    /// <param name="toTime">Exclusive upper bound, not before <paramref name="fromTime"/>; optional.</param>
    /// <param name="limit">1 to <see cref="RawConversationQuery.MaximumLimit"/>.</param>
    /// <param name="offset">0 or more.</param>
    /// <param name="tags">Tag names (by <see cref="ListingArguments.Names(string, IEnumerable{string})"/>); a conversation carrying any of them matches.</param>
    /// <exception cref="InvalidEventException">An argument is not acceptable; <see cref="InvalidEventException.Field"/> names it.</exception>
    public static RawConversationQuery Query(
        string assistantField,
        string? assistantName,
        string? fromTime,
        string? toTime,
        int limit,
        int offset,
        IEnumerable<string> tags)
    {
        var assistant = TagArguments.Assistant(assistantField, assistantName);
        var from = TimeArgument.Parse(nameof(fromTime), fromTime);
        var to = TimeArgument.Parse(nameof(toTime), toTime);
        if (from > to)
        {
            throw new InvalidEventException(nameof(toTime), "'toTime' is before 'fromTime'.");
        }

        if (limit is < 1 or > RawConversationQuery.MaximumLimit)
        {
            throw new InvalidEventException(nameof(limit), $"'limit' must be between 1 and {RawConversationQuery.MaximumLimit}.");
        }

        if (offset < 0)
        {
            throw new InvalidEventException(nameof(offset), "'offset' must not be negative.");
        }

        return new RawConversationQuery(
            assistant,
            from is { } f ? TimeArgument.ToUnixSeconds(f) : null,
            to is { } t ? TimeArgument.ToUnixSeconds(t) : null,
            ListingArguments.Names(nameof(tags), tags),
            limit,
            offset);
    }
}
