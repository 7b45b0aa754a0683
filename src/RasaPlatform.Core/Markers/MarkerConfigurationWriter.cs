using System.Text;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RasaPlatform.Core.Markers;

/// <summary>Writes a marker configuration in Rasa's format, as YAML or as JSON of the same structure; both read back equal.</summary>
public static class MarkerConfigurationWriter
{
    /// <summary>The configuration as YAML.</summary>
    public static string ToYaml(MarkerConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var root = new YamlMappingNode();
        foreach (var marker in configuration.Markers)
        {
            var definition = Yaml(marker.Root);
            if (marker.Description is { } description)
            {
                definition.Children.Insert(0, Scalar(MarkerTags.Description), Scalar(description));
            }

            root.Add(Scalar(marker.Name), definition);
        }

        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        var text = writer.ToString();
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    /// <summary>The configuration as JSON: an object of marker names to definitions.</summary>
    public static string ToJson(MarkerConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            WriteJson(json, configuration);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes the configuration as a JSON object into <paramref name="json"/>.</summary>
    public static void WriteJson(Utf8JsonWriter json, MarkerConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(configuration);
        json.WriteStartObject();
        foreach (var marker in configuration.Markers)
        {
            json.WritePropertyName(marker.Name);
            json.WriteStartObject();
            if (marker.Description is { } description)
            {
                json.WriteString(MarkerTags.Description, description);
            }

            WriteNode(json, marker.Root);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteNode(Utf8JsonWriter json, MarkerNode node)
    {
        if (node.Text is { } text)
        {
            json.WriteString(node.Tag.Tag, text);
            return;
        }

        json.WriteStartArray(node.Tag.Tag);
        foreach (var sub in node.SubMarkers)
        {
            json.WriteStartObject();
            WriteNode(json, sub);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static YamlMappingNode Yaml(MarkerNode node)
    {
        YamlNode value = node.Text is { } text
            ? Scalar(text)
            : new YamlSequenceNode(node.SubMarkers.Select(Yaml));
        return new YamlMappingNode(new KeyValuePair<YamlNode, YamlNode>(Scalar(node.Tag.Tag), value));
    }

    private static YamlScalarNode Scalar(string text) => new(text)
    {
        Style = MarkerConfigurationReader.ReadsAsPlainString(text) ? ScalarStyle.Any : ScalarStyle.DoubleQuoted,
    };
}
