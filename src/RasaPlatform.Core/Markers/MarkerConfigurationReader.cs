using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RasaPlatform.Core.Markers;

/// <summary>
/// Reads a marker configuration in Rasa's format (REFERENCE.md §7) from YAML or JSON text (JSON is read as the YAML it
/// is), and refuses it whole, naming the first offending node, unless every definition keeps every rule.
/// </summary>
public static partial class MarkerConfigurationReader
{
    /// <summary>Reads and validates <paramref name="text"/>.</summary>
    /// <exception cref="MarkerConfigurationException">The text is not YAML, or the configuration breaks a rule.</exception>
    public static MarkerConfiguration Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var root = Parse(text);
        if (root is not YamlMappingNode markers)
        {
            throw new MarkerConfigurationException(string.Empty, "The configuration must be a mapping of marker names to their definitions.");
        }

        if (markers.Children.Count == 0)
        {
            throw new MarkerConfigurationException(string.Empty, "The configuration defines no marker; remove the configuration instead.");
        }

        if (markers.Children.Count > MarkerConfiguration.MaximumMarkers)
        {
            throw new MarkerConfigurationException(string.Empty, $"The configuration defines {markers.Children.Count} markers; at most {MarkerConfiguration.MaximumMarkers} are allowed.");
        }

        var definitions = new List<MarkerDefinition>(markers.Children.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in markers.Children)
        {
            var name = MarkerName(key);
            if (!names.Add(name))
            {
                throw new MarkerConfigurationException(name, "Marker names must be unique; this one is defined twice.");
            }

            var nodes = 0;
            var (description, node) = Definition(value, name, depth: 1, ref nodes);
            definitions.Add(new MarkerDefinition(name, description, node));
        }

        return new MarkerConfiguration(definitions);
    }

    private static YamlNode? Parse(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var at = e.Start.Line > 0 ? string.Create(CultureInfo.InvariantCulture, $" (line {e.Start.Line}, column {e.Start.Column})") : string.Empty;
            throw new MarkerConfigurationException(string.Empty, $"The configuration is not valid YAML or JSON{at}: {(e.InnerException ?? e).Message}");
        }

        return stream.Documents.Count switch
        {
            0 => null,
            1 => stream.Documents[0].RootNode,
            _ => throw new MarkerConfigurationException(string.Empty, "The configuration must be one YAML document."),
        };
    }

    private static string MarkerName(YamlNode key)
    {
        if (key is not YamlScalarNode { Value: { } name } || IsNull(key))
        {
            throw new MarkerConfigurationException(string.Empty, "A marker's name must be a string.");
        }

        CheckName(name, name, "marker's name");
        if (name == MarkerTags.AnyMarker || MarkerTags.Find(name) is not null || name == MarkerTags.Description)
        {
            throw new MarkerConfigurationException(name, $"A marker may not be named '{name}': the name is reserved for a tag.");
        }

        if (name.Contains(',', StringComparison.Ordinal))
        {
            throw new MarkerConfigurationException(name, "A marker's name may not contain a comma: the listing filter marker=NAME,… separates names with commas.");
        }

        return name;
    }

    private static (string? Description, MarkerNode Node) Definition(YamlNode value, string path, int depth, ref int nodes)
    {
        if (value is not YamlMappingNode mapping)
        {
            throw new MarkerConfigurationException(path, "A marker definition must be a mapping with one tag (and, optionally, a description).");
        }

        string? description = null;
        (MarkerTag Tag, YamlNode Value)? tagged = null;
        foreach (var (key, child) in mapping.Children)
        {
            var tagName = key is YamlScalarNode { Value: { } k } ? k : string.Empty;
            if (tagName == MarkerTags.Description)
            {
                description = child is YamlScalarNode { Value: { } d } && !IsNull(child)
                    ? d
                    : throw new MarkerConfigurationException($"{path}.{MarkerTags.Description}", "A description must be a string.");
                continue;
            }

            var tag = MarkerTags.Find(tagName) ?? throw new MarkerConfigurationException(
                path,
                $"Unknown tag '{tagName}'. The tags are: {string.Join(", ", MarkerTags.All.Select(t => t.Tag))}.");
            if (tagged is { } first)
            {
                throw new MarkerConfigurationException(path, $"A definition has exactly one tag; this one has '{first.Tag.Tag}' and '{tag.Tag}'.");
            }

            tagged = (tag, child);
        }

        if (tagged is not { } found)
        {
            throw new MarkerConfigurationException(path, "A definition needs a tag (such as intent, action, slot_was_set, and, or, seq).");
        }

        return (description, Node(found.Tag, found.Value, $"{path}.{found.Tag.Tag}", depth, ref nodes));
    }

    private static MarkerNode Node(MarkerTag tag, YamlNode value, string path, int depth, ref int nodes)
    {
        if (depth > MarkerConfiguration.MaximumDepth)
        {
            throw new MarkerConfigurationException(path, $"Markers may nest at most {MarkerConfiguration.MaximumDepth} levels deep.");
        }

        if (++nodes > MarkerConfiguration.MaximumNodes)
        {
            throw new MarkerConfigurationException(path, $"A marker may have at most {MarkerConfiguration.MaximumNodes} tags in all.");
        }

        if (tag.IsCondition)
        {
            if (value is not YamlScalarNode { Value: { } text } || IsNull(value) || !IsString((YamlScalarNode)value))
            {
                throw new MarkerConfigurationException(
                    path,
                    $"'{tag.Tag}' takes one string (an {Subject(tag.Kind)} name); quote names that read as numbers or booleans, and use 'or' for several.");
            }

            CheckName(text, path, $"{Subject(tag.Kind)} name");
            return MarkerNode.Condition(tag, text);
        }

        if (value is not YamlSequenceNode list)
        {
            throw new MarkerConfigurationException(path, $"'{tag.Tag}' takes a list of sub-markers.");
        }

        var count = list.Children.Count;
        if (tag.SubMarkers is { } exactly && count != exactly)
        {
            throw new MarkerConfigurationException(path, $"'{tag.Tag}' takes exactly {exactly} sub-marker; this one has {count}.");
        }

        if (count == 0)
        {
            throw new MarkerConfigurationException(path, $"'{tag.Tag}' takes at least one sub-marker.");
        }

        var subMarkers = new List<MarkerNode>(count);
        for (var i = 0; i < count; i++)
        {
            var itemPath = string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]");
            var (description, node) = Definition(list.Children[i], itemPath, depth + 1, ref nodes);
            if (description is not null)
            {
                throw new MarkerConfigurationException($"{itemPath}.{MarkerTags.Description}", "Only a named marker takes a description, not a sub-marker.");
            }

            subMarkers.Add(node);
        }

        return MarkerNode.Operator(tag, subMarkers);
    }

    private static void CheckName(string text, string path, string what)
    {
        if (text.Length == 0 || text.Length > MarkerConfiguration.MaximumNameLength)
        {
            throw new MarkerConfigurationException(path, $"A {what} must have 1 to {MarkerConfiguration.MaximumNameLength} characters.");
        }

        if (text.Any(char.IsControl))
        {
            throw new MarkerConfigurationException(path, $"A {what} may not contain control characters.");
        }
    }

    private static string Subject(MarkerKind kind) => kind switch
    {
        MarkerKind.Action => "action",
        MarkerKind.Intent => "intent",
        _ => "slot",
    };

    /// <summary>Whether a scalar is null in YAML 1.2's core schema, as Rasa's reader takes it.</summary>
    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    /// <summary>Whether a scalar is a string in YAML 1.2's core schema: quoted, a block, or plain text that is no number or boolean.</summary>
    private static bool IsString(YamlScalarNode scalar) =>
        scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any) || !NonString().IsMatch(scalar.Value ?? string.Empty);

    /// <summary>Whether plain (unquoted) YAML reads <paramref name="text"/> back as this string, not as null, a number or a boolean.</summary>
    internal static bool ReadsAsPlainString(string text) =>
        text is not ("" or "~" or "null" or "Null" or "NULL") && !NonString().IsMatch(text);

    [GeneratedRegex(@"^(?:true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")]
    private static partial Regex NonString();
}
