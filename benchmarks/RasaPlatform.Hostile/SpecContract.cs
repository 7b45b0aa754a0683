using YamlDotNet.RepresentationModel;

namespace RasaPlatform.Hostile;

/// <summary>A schema of the contract, as much of it as the hostile generator needs; <c>$ref</c>s resolved.</summary>
/// <param name="Type">The JSON type (<c>string</c>, <c>number</c>, <c>integer</c>, <c>boolean</c>, <c>array</c>, <c>object</c>); empty when any.</param>
/// <param name="Format">The <c>format</c>, e.g. <c>double</c>, <c>int64</c>; empty when none.</param>
/// <param name="Enum">The allowed values, when the schema lists them.</param>
/// <param name="Items">An array's item schema.</param>
/// <param name="Properties">An object's properties, in the contract's order.</param>
/// <param name="Required">An object's required properties.</param>
public sealed record SpecSchema(
    string Type,
    string Format,
    IReadOnlyList<string> Enum,
    SpecSchema? Items,
    IReadOnlyList<KeyValuePair<string, SpecSchema>> Properties,
    IReadOnlySet<string> Required)
{
    public static readonly SpecSchema Any = new(string.Empty, string.Empty, [], null, [], new HashSet<string>());
}

/// <summary>A path or query parameter of an operation.</summary>
/// <param name="Name">The parameter's name.</param>
/// <param name="Location"><c>path</c> or <c>query</c> (the parameter's <c>in</c>).</param>
/// <param name="Required">Whether the contract requires it.</param>
/// <param name="Schema">Its schema.</param>
public sealed record SpecParameter(string Name, string Location, bool Required, SpecSchema Schema);

/// <summary>An operation of the contract: its id, method, full path (<c>/api/…</c> with <c>{name}</c> holes), parameters and JSON body.</summary>
public sealed record SpecOperation(string Id, string Method, string Path, IReadOnlyList<SpecParameter> Parameters, SpecSchema? Body, bool Anonymous);

/// <summary>Reads <c>spec/openapi.yaml</c> into the served operations (those not marked <c>x-rasaplatform-status: planned</c>).</summary>
public static class SpecContract
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    /// <summary>The operations of the contract <paramref name="document"/> (YAML), in the contract's order.</summary>
    /// <remarks>Give it what the service serves at <c>/api/openapi.yaml</c>: <c>spec/openapi.yaml</c> as built in.</remarks>
    public static IReadOnlyList<SpecOperation> Parse(string document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var yaml = new YamlStream();
        using (var reader = new StringReader(document))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var components = (YamlMappingNode)root["components"];
        var prefix = root.Children.TryGetValue("servers", out var servers) && servers is YamlSequenceNode { Children.Count: > 0 } list
            ? Scalar(((YamlMappingNode)list[0])["url"]).TrimEnd('/')
            : string.Empty;
        var operations = new List<SpecOperation>();
        foreach (var (pathNode, itemNode) in (YamlMappingNode)root["paths"])
        {
            var item = (YamlMappingNode)itemNode;
            var shared = item.Children.TryGetValue("parameters", out var common) ? Parameters(common, components) : [];
            foreach (var method in Methods)
            {
                if (!item.Children.TryGetValue(method, out var operationNode))
                {
                    continue;
                }

                var operation = (YamlMappingNode)operationNode;
                if (operation.Children.TryGetValue("x-rasaplatform-status", out var status) && Scalar(status) == "planned")
                {
                    continue;
                }

                var parameters = shared.Concat(operation.Children.TryGetValue("parameters", out var own) ? Parameters(own, components) : []).ToList();
                var anonymous = operation.Children.TryGetValue("security", out var security) && security is YamlSequenceNode { Children.Count: 0 };
                operations.Add(new SpecOperation(
                    Scalar(operation["operationId"]),
                    method.ToUpperInvariant(),
                    prefix + Scalar(pathNode),
                    parameters,
                    Body(operation, components),
                    anonymous));
            }
        }

        return operations;
    }

    private static List<SpecParameter> Parameters(YamlNode node, YamlMappingNode components) =>
        [.. ((YamlSequenceNode)node).Select(p => Resolve((YamlMappingNode)p, components))
            .Where(p => Scalar(p["in"]) is "path" or "query")
            .Select(p => new SpecParameter(
                Scalar(p["name"]),
                Scalar(p["in"]),
                p.Children.TryGetValue("required", out var required) && Scalar(required) == "true",
                p.Children.TryGetValue("schema", out var schema) ? Schema(schema, components, 0) : SpecSchema.Any))];

    private static SpecSchema? Body(YamlMappingNode operation, YamlMappingNode components)
    {
        if (!operation.Children.TryGetValue("requestBody", out var body))
        {
            return null;
        }

        var content = (YamlMappingNode)Resolve((YamlMappingNode)body, components)["content"];
        return content.Children.TryGetValue("application/json", out var json) && ((YamlMappingNode)json).Children.TryGetValue("schema", out var schema)
            ? Schema(schema, components, 0)
            : null;
    }

    private static SpecSchema Schema(YamlNode node, YamlMappingNode components, int depth)
    {
        var map = Resolve((YamlMappingNode)node, components);
        if (depth > 8)
        {
            return SpecSchema.Any;
        }

        // One alternative is enough to build a valid value from; the first is the plainest (an event, not a list).
        foreach (var key in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (map.Children.TryGetValue(key, out var alternatives))
            {
                return Schema(((YamlSequenceNode)alternatives)[0], components, depth + 1);
            }
        }

        var properties = map.Children.TryGetValue("properties", out var props)
            ? ((YamlMappingNode)props).Select(p => new KeyValuePair<string, SpecSchema>(Scalar(p.Key), Schema(p.Value, components, depth + 1))).ToList()
            : [];
        return new SpecSchema(
            map.Children.TryGetValue("type", out var type) ? Scalar(type) : properties.Count > 0 ? "object" : string.Empty,
            map.Children.TryGetValue("format", out var format) ? Scalar(format) : string.Empty,
            map.Children.TryGetValue("enum", out var values) ? [.. ((YamlSequenceNode)values).Select(Scalar)] : [],
            map.Children.TryGetValue("items", out var items) ? Schema(items, components, depth + 1) : null,
            properties,
            map.Children.TryGetValue("required", out var required) ? ((YamlSequenceNode)required).Select(Scalar).ToHashSet(StringComparer.Ordinal) : new HashSet<string>());
    }

    /// <summary>Follows <c>$ref: '#/components/…'</c> until a node without one.</summary>
    private static YamlMappingNode Resolve(YamlMappingNode node, YamlMappingNode components)
    {
        while (node.Children.TryGetValue("$ref", out var reference))
        {
            var parts = Scalar(reference).Split('/');
            if (parts is not ["#", "components", var kind, var name])
            {
                throw new InvalidOperationException($"Unsupported $ref '{Scalar(reference)}'.");
            }

            node = (YamlMappingNode)((YamlMappingNode)components[kind])[name];
        }

        return node;
    }

    private static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value ?? string.Empty;
}
