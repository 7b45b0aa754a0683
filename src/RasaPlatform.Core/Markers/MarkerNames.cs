using System.Globalization;

namespace RasaPlatform.Core.Markers;

/// <summary>
/// How a marker that applied is kept among a conversation's names (<see cref="Listing.NameCategory.Marker"/>): under
/// the version of the configuration it was evaluated with, so that a filter asks for the current versions only and
/// results of a replaced configuration never match.
/// </summary>
public static class MarkerNames
{
    /// <summary>Between the version and the name (the unit separator: no marker name holds a control character).</summary>
    public const char Separator = '\u001f';

    /// <summary>The name row of <paramref name="marker"/> applied under <paramref name="version"/>.</summary>
    public static string Key(long version, string marker) =>
        version.ToString(CultureInfo.InvariantCulture) + Separator + marker;

    /// <summary>The name rows of a conversation's results: each marker that applied at least once, once.</summary>
    public static IEnumerable<string> Applied(ConversationMarkers? markers) =>
        markers is null ? [] : markers.Results.Applications.Select(a => a.Marker).Distinct(StringComparer.Ordinal).Select(m => Key(markers.Version, m));

    /// <summary>The keys a filter on <paramref name="markers"/> matches: each name under every assistant's current version.</summary>
    public static IReadOnlyList<string> Current(IEnumerable<string> markers, IReadOnlyDictionary<string, long> versions) =>
        [.. markers.SelectMany(m => versions.Values.Distinct().Order().Select(v => Key(v, m)))];
}
