using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RasaPlatform.Api.Tests.Nlu;

/// <summary>
/// The part of pykwalify that Rasa's YAML schemas use, to check a document against one: <c>type</c> (<c>map</c>,
/// <c>seq</c>, <c>str</c>, <c>any</c>), <c>mapping</c>, <c>sequence</c> with <c>matching: any</c>, <c>required</c>,
/// <c>allowempty</c>, <c>pattern</c> and <c>regex;(...)</c> keys. <c>include</c> of another schema accepts anything.
/// </summary>
/// <remarks>
/// A plain scalar is a <c>str</c> only when a YAML 1.1 reader (Rasa's ruamel) would not take it for a null, a
/// boolean or a number: <c>yes</c> unquoted is not a string there. <c>allowempty</c> on a map admits keys the schema
/// does not name; on a <c>str</c>, false refuses the empty string, which is what Rasa's schemas mean by it.
/// </remarks>
internal static partial class Kwalify
{
    /// <summary>Every violation of <paramref name="schema"/> in <paramref name="document"/>, each with its path; empty when it conforms.</summary>
    public static List<string> Validate(string schema, string document)
    {
        var errors = new List<string>();
        Check(Root(schema), Root(document), "", errors);
        return errors;
    }

    private static YamlNode Root(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents[0].RootNode;
    }

    private static void Check(YamlNode ruleNode, YamlNode value, string path, List<string> errors)
    {
        var rule = (YamlMappingNode)ruleNode;
        if (Get(rule, "include") is not null || Text(rule, "type") == "any")
        {
            return;
        }

        var type = Text(rule, "type") ?? (Get(rule, "mapping") is not null ? "map" : Get(rule, "sequence") is not null ? "seq" : "str");
        switch (type)
        {
            case "map":
                CheckMap(rule, value, path, errors);
                break;
            case "seq":
                CheckSequence(rule, value, path, errors);
                break;
            case "str":
                CheckString(rule, value, path, errors);
                break;
            default:
                errors.Add($"{path}: the validator does not know type '{type}'");
                break;
        }
    }

    private static void CheckMap(YamlMappingNode rule, YamlNode value, string path, List<string> errors)
    {
        if (value is not YamlMappingNode map)
        {
            errors.Add($"{path}: not a map");
            return;
        }

        var keys = (YamlMappingNode?)Get(rule, "mapping") ?? new YamlMappingNode();
        foreach (var (keyNode, keyRule) in keys.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value!;
            if (!key.StartsWith("regex;", StringComparison.Ordinal) && Get(map, key) is null && Text((YamlMappingNode)keyRule, "required") is "True" or "true")
            {
                errors.Add($"{path}/{key}: required");
            }
        }

        foreach (var (keyNode, child) in map.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value!;
            var childRule = Get(keys, key) ?? keys.Children.FirstOrDefault(k => KeyPattern(((YamlScalarNode)k.Key).Value!) is { } p && p.IsMatch(key)).Value;
            if (childRule is not null)
            {
                Check(childRule, child, $"{path}/{key}", errors);
            }
            else if (Text(rule, "allowempty") is not ("True" or "true"))
            {
                errors.Add($"{path}/{key}: key not allowed");
            }
        }
    }

    private static void CheckSequence(YamlMappingNode rule, YamlNode value, string path, List<string> errors)
    {
        if (value is not YamlSequenceNode sequence)
        {
            errors.Add($"{path}: not a sequence");
            return;
        }

        var itemRules = ((YamlSequenceNode)Get(rule, "sequence")!).Children;
        var index = 0;
        foreach (var item in sequence.Children)
        {
            var itemPath = $"{path}/{index++}";
            var failures = itemRules.Select(r =>
            {
                var e = new List<string>();
                Check(r, item, itemPath, e);
                return e;
            }).ToList();
            if (failures.All(f => f.Count > 0))
            {
                errors.Add($"{itemPath}: matches none of the item rules: {string.Join("; ", failures.SelectMany(f => f))}");
            }
        }
    }

    private static void CheckString(YamlMappingNode rule, YamlNode value, string path, List<string> errors)
    {
        if (value is not YamlScalarNode { Value: { } text } scalar || (scalar.Style == ScalarStyle.Plain && !IsPlainString(text)))
        {
            errors.Add($"{path}: not a string");
            return;
        }

        if (Text(rule, "allowempty") is "False" or "false" && text.Length == 0)
        {
            errors.Add($"{path}: empty");
        }

        if (Text(rule, "pattern") is { } pattern && !Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            errors.Add($"{path}: does not match {pattern}");
        }
    }

    /// <summary>Whether YAML 1.1 resolves the plain scalar to a string: not null, a boolean, an integer or a float.</summary>
    private static bool IsPlainString(string text) =>
        !Yaml11NonString().IsMatch(text) && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    [GeneratedRegex("^(~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|[-+]?(0x[0-9a-fA-F_]+|0b[01_]+|[0-9][0-9_:]*(\\.[0-9_]*)?([eE][-+]?[0-9]+)?|\\.[0-9_]+([eE][-+]?[0-9]+)?|\\.(inf|Inf|INF))|\\.(nan|NaN|NAN)|)$")]
    private static partial Regex Yaml11NonString();

    private static Regex? KeyPattern(string key) =>
        key.StartsWith("regex;", StringComparison.Ordinal) ? new Regex("^" + key["regex;".Length..].Trim('(', ')') + "$", RegexOptions.None, TimeSpan.FromSeconds(1)) : null;

    private static YamlNode? Get(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Text(YamlMappingNode map, string key) => (Get(map, key) as YamlScalarNode)?.Value;
}
