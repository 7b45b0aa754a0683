using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Assistants;

/// <summary>Reads an <c>assistant</c> query parameter: a comma-separated list of assistant names, matching ANY.</summary>
public static class AssistantArgument
{
    /// <summary>The distinct names listed, in order; null when the parameter is absent or blank (every assistant).</summary>
    /// <exception cref="InvalidEventException">An empty name between commas, or one longer than <see cref="AssistantOptions.MaxNameLength"/>.</exception>
    public static IReadOnlyList<string>? Parse(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var names = value.Split(',', StringSplitOptions.TrimEntries);
        if (names.Any(n => n.Length == 0))
        {
            throw new InvalidEventException(field, $"'{field}' must list assistant names separated by commas, without empty names.");
        }

        if (names.FirstOrDefault(n => n.Length > AssistantOptions.MaxNameLength) is { } tooLong)
        {
            throw new InvalidEventException(field, $"'{field}' names an assistant longer than {AssistantOptions.MaxNameLength} characters ('{tooLong[..20]}…').");
        }

        return [.. names.Distinct(StringComparer.Ordinal)];
    }
}
