using YamlDotNet.RepresentationModel;

namespace RasaPlatform.Core.Tests.Dumps;

/// <summary>Reads a dump's YAML test story back with a real YAML parser.</summary>
internal static class YamlStory
{
    public static Dictionary<string, object?> Story(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlMappingNode)stream.Documents.Single().RootNode;
        var stories = (YamlSequenceNode)root.Children[new YamlScalarNode("stories")];
        return (Dictionary<string, object?>)ToObject(stories.Children.Single())!;
    }

    public static List<Dictionary<string, object?>> Steps(string yaml) =>
        Story(yaml)["steps"] is List<object?> steps ? [.. steps.Cast<Dictionary<string, object?>>()] : [];

    public static object? SlotValue(Dictionary<string, object?> step, string slot) =>
        ((List<object?>)step["slot_was_set"]!).Cast<Dictionary<string, object?>>().Single()[slot];

    private static object? ToObject(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ToObject(p.Value)),
        YamlSequenceNode sequence => sequence.Children.Select(ToObject).ToList(),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: "null" or "~" or "" } => null,
        // A literal block (|, clip) reads back with one final newline the text did not have; Rasa strips it.
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Literal, Value: { } text } => text.EndsWith('\n') ? text[..^1] : text,
        YamlScalarNode scalar => scalar.Value,
        _ => throw new InvalidOperationException(node.GetType().Name),
    };
}
