using RasaPlatform.Core.Events;
using RasaPlatform.Core.Listing;

namespace RasaPlatform.Core.Assistants;

/// <summary>
/// Which assistants a question is about: the names a request asks for, intersected with those its caller may see.
/// Null means every assistant (no condition); an empty set means none, so the answer is empty.
/// </summary>
public static class AssistantScope
{
    /// <summary>The <c>assistant</c> query parameter: a comma list of names, each trimmed, duplicates removed.</summary>
    /// <returns>Null when the parameter is absent (every assistant).</returns>
    /// <exception cref="InvalidEventException">
    /// An empty name (<c>a,,b</c>, a trailing comma), a name that breaks the assistant-name rule (<see cref="Access.AssistantIds.Problem"/>: over <see cref="AssistantOptions.MaxNameLength"/>
    /// characters or with a control character), or over <see cref="ListingArguments.MaximumNames"/> names; the exception names <paramref name="field"/>.
    /// </exception>
    public static IReadOnlySet<string>? Parse(string field, string? value)
    {
        if (value is null)
        {
            return null;
        }

        var names = value.Split(',', StringSplitOptions.TrimEntries);
        if (names.Any(n => n.Length == 0))
        {
            throw new InvalidEventException(field, $"'{field}' names an empty assistant; give comma-separated assistant names.");
        }

        if (names.Select(Access.AssistantIds.Problem).FirstOrDefault(p => p is not null) is { } problem)
        {
            throw new InvalidEventException(field, $"'{field}': {problem}");
        }

        var set = names.ToHashSet(StringComparer.Ordinal);
        return set.Count <= ListingArguments.MaximumNames
            ? set
            : throw new InvalidEventException(field, $"'{field}' lists {set.Count} assistants; at most {ListingArguments.MaximumNames} are allowed.");
    }

    /// <summary>The assistants both sets admit, null (every assistant) only when both are null.</summary>
    /// <param name="requested">The assistants the request asks for, or null for every one.</param>
    /// <param name="allowed">The assistants the caller may see, or null for every one.</param>
    public static IReadOnlySet<string>? Intersect(IReadOnlySet<string>? requested, IReadOnlySet<string>? allowed) =>
        (requested, allowed) switch
        {
            (null, null) => null,
            (null, { } a) => a,
            ({ } r, null) => r,
            ({ } r, { } a) => r.Where(a.Contains).ToHashSet(StringComparer.Ordinal),
        };
}
