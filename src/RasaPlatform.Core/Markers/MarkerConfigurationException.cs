namespace RasaPlatform.Core.Markers;

/// <summary>A marker configuration that breaks a rule of the format, with where and which.</summary>
/// <param name="path">The offending node: the marker's name, then tags and list positions (<c>task_success.and[2]</c>);
/// empty for the configuration as a whole.</param>
/// <param name="rule">The rule it breaks, as a sentence for the person who wrote it.</param>
public sealed class MarkerConfigurationException(string path, string rule)
    : Exception(path.Length == 0 ? rule : $"{path}: {rule}")
{
    /// <summary>The offending node's path; empty for the configuration as a whole.</summary>
    public string Path { get; } = path;

    /// <summary>The rule the node breaks.</summary>
    public string Rule { get; } = rule;
}
