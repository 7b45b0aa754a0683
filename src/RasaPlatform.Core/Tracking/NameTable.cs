using System.Diagnostics.CodeAnalysis;

namespace RasaPlatform.Core.Tracking;

/// <summary>One instance of each name a replay meets (action, slot, loop names repeat across thousands of events).</summary>
internal sealed class NameTable
{
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    [return: NotNullIfNotNull(nameof(name))]
    public string? Get(string? name)
    {
        if (name is null)
        {
            return null;
        }

        if (_names.TryGetValue(name, out var known))
        {
            return known;
        }

        _names[name] = name;
        return name;
    }
}
