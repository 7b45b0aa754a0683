using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace RasaPlatform.Api.Tests.Nlu;

/// <summary>Reads Rasa 3 YAML NLU training data the way Rasa does, after checking it against Rasa's NLU schema.</summary>
/// <remarks>
/// <para>
/// <see cref="Schema"/> states the rules of <c>rasa/shared/nlu/training_data/schemas/nlu.yml</c> (RasaHQ/rasa, read
/// at commit ba47c9629ee618d39336d182c5d704d40cb1ac34) that bear on intent examples, in that file's own pykwalify
/// terms: an optional non-empty string <c>version</c>, and <c>nlu</c> a sequence of maps with a non-empty string
/// <c>intent</c>, optional <c>metadata</c> of any kind and <c>examples</c> a string. (The upstream file also allows
/// synonym, regex and lookup items and <c>responses</c>; an export never writes those. Written here rather than copied;
/// <see cref="Kwalify"/> also takes the upstream file unchanged.)
/// </para>
/// <para>
/// Examples are read as <c>RasaYAMLReader._parse_multiline_example</c> reads them: the block split at every line
/// boundary Python's <c>str.splitlines</c> knows, each line starting with <c>-</c>, the rest stripped of spaces and
/// line breaks; then entities as <c>entities_parser.find_entities_in_training_example</c> finds them, with
/// <see cref="EntityMarkup"/> equivalent to its <c>ENTITY_REGEX</c>, and a <c>{...}</c> dictionary checked as its
/// <c>entity_dict_schema</c> checks it (<c>entity</c> required; <c>entity</c>, <c>role</c>, <c>group</c> and
/// <c>value</c> strings).
/// </para>
/// </remarks>
internal static partial class RasaNluData
{
    public const string Schema = """
        allowempty: True
        mapping:
          version:
            type: "str"
            required: False
            allowempty: False
          nlu:
            type: "seq"
            matching: "any"
            sequence:
            - type: "map"
              mapping:
                intent:
                  type: "str"
                  allowempty: False
                metadata:
                  type: "any"
                  required: False
                examples:
                  type: "str"
        """;

    /// <summary>Python's <c>str.splitlines</c> boundaries.</summary>
    private static readonly char[] LineBoundaries = ['\n', '\r', '\v', '\f', '\x1c', '\x1d', '\x1e', '\x85', '\u2028', '\u2029'];

    /// <summary>Every example of the file, in file order, after asserting that the file conforms to the schema.</summary>
    public static List<Example> Read(string yaml)
    {
        Assert.Empty(Kwalify.Validate(Schema, yaml));
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var examples = new List<Example>();
        foreach (YamlMappingNode item in ((YamlSequenceNode)root.Children[new YamlScalarNode("nlu")]).Children)
        {
            var intent = ((YamlScalarNode)item.Children[new YamlScalarNode("intent")]).Value!;
            var block = ((YamlScalarNode)item.Children[new YamlScalarNode("examples")]).Value!;
            foreach (var line in block.Replace("\r\n", "\n", StringComparison.Ordinal).Split(LineBoundaries).SkipLast(block.Length > 0 && LineBoundaries.Contains(block[^1]) ? 1 : 0))
            {
                Assert.True(line.StartsWith('-'), $"Rasa would skip the example line '{line}'");
                examples.Add(Parse(intent, line[1..].Trim(' ', '\n', '\r')));
            }
        }

        return examples;
    }

    /// <summary>Rasa's <c>ENTITY_REGEX</c>.</summary>
    [GeneratedRegex("""\[(?<entity_text>[^\]]+?)\](\((?<entity>[^:)]+?)(?:\:(?<value>[^)]+))?\)|\{(?<entity_dict>[^}]+?)\})""")]
    private static partial Regex EntityMarkup();

    private static Example Parse(string intent, string example)
    {
        var entities = new List<Entity>();
        var offset = 0;
        foreach (Match match in EntityMarkup().Matches(example))
        {
            var text = match.Groups["entity_text"].Value;
            var start = match.Index - offset;
            offset += match.Length - text.Length;
            entities.Add(match.Groups["entity_dict"].Success ? FromDictionary(match.Groups["entity_dict"].Value, text, start) : new Entity(
                start,
                start + text.Length,
                text,
                match.Groups["entity"].Value,
                match.Groups["value"].Success ? match.Groups["value"].Value : text,
                Role: null,
                Group: null));
        }

        return new Example(intent, EntityMarkup().Replace(example, m => m.Groups["entity_text"].Value), entities);
    }

    private static Entity FromDictionary(string body, string text, int start)
    {
        var json = JsonDocument.Parse("{" + body + "}").RootElement;
        Assert.All(json.EnumerateObject().Where(p => p.Name is "entity" or "role" or "group" or "value"), p => Assert.Equal(JsonValueKind.String, p.Value.ValueKind));
        string? Get(string name) => json.TryGetProperty(name, out var v) ? v.GetString() : null;
        return new Entity(start, start + text.Length, text, Get("entity") ?? throw new InvalidOperationException("entity is required"), Get("value") ?? text, Get("role"), Get("group"));
    }

    /// <summary>One training example as Rasa holds it.</summary>
    public sealed record Example(string Intent, string Text, List<Entity> Entities);

    /// <summary>One entity of an example; offsets in UTF-16 units of <see cref="Example.Text"/> (the same as Python's for BMP text).</summary>
    public sealed record Entity(int Start, int End, string Text, string Type, string Value, string? Role, string? Group);
}
