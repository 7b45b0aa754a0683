using RasaPlatform.Core.Assistants;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Tags;

/// <summary>Rules for tag names, assistant names and tag ids as requests give them; errors name the field.</summary>
public static class TagArguments
{
    /// <summary>The longest tag name, in UTF-16 code units, after trimming.</summary>
    public const int MaxNameLength = 100;

    /// <summary>
    /// A tag name: trimmed of surrounding white space, then 1 to <see cref="MaxNameLength"/> characters without
    /// control characters or commas (filters take tag names as comma-separated lists).
    /// </summary>
    /// <exception cref="InvalidEventException">The name is not acceptable.</exception>
    public static string Name(string field, string? value)
    {
        var name = value?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            throw new InvalidEventException(field, $"'{field}' must not be empty.");
        }

        if (name.Length > MaxNameLength)
        {
            throw new InvalidEventException(field, $"'{field}' must be at most {MaxNameLength} characters long.");
        }

        if (name.Any(char.IsControl) || name.Contains(',', StringComparison.Ordinal))
        {
            throw new InvalidEventException(field, $"'{field}' must not contain control characters or commas.");
        }

        return name;
    }

    /// <summary>An assistant name by the one rule for them (<see cref="Access.AssistantIds.Problem"/>), taken as given.</summary>
    /// <exception cref="InvalidEventException">The name is missing, empty, too long or holds a control character.</exception>
    public static string Assistant(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new InvalidEventException(field, $"'{field}' is required: the name of the assistant.");
        }

        return Access.AssistantIds.Problem(value) is { } problem
            ? throw new InvalidEventException(field, $"'{field}': {problem}")
            : value;
    }

    /// <summary>A comma-separated list of tag ids: positive integers, duplicates removed, empty items dropped.</summary>
    /// <exception cref="InvalidEventException">An item is not a positive integer, or there are too many.</exception>
    public static IReadOnlyList<long> Ids(string field, string? value)
    {
        var ids = new List<long>();
        foreach (var item in Listing.ListingArguments.Names(field, value))
        {
            if (!long.TryParse(item, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) || id <= 0)
            {
                throw new InvalidEventException(field, $"'{field}' must list tag ids (positive integers); '{item}' is not one.");
            }

            if (!ids.Contains(id))
            {
                ids.Add(id);
            }
        }

        return ids;
    }
}
