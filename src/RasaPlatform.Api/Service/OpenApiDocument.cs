using RasaPlatform.Api.Access;
using RasaPlatform.Core.Access;
using YamlDotNet.RepresentationModel;

namespace RasaPlatform.Api.Service;

/// <summary>The contract this service serves: <c>spec/openapi.yaml</c> without the operations not built yet.</summary>
/// <remarks>Operations marked <c>x-rasaplatform-status: planned</c> have no controller; serving them would mislead.</remarks>
internal static class OpenApiDocument
{
    private static readonly Lazy<(string Yaml, string Version, IReadOnlyDictionary<string, OperationAccess> Access)> Served = new(Load);

    /// <summary>The served document as YAML.</summary>
    public static string Yaml => Served.Value.Yaml;

    /// <summary>The document's <c>info.version</c>.</summary>
    public static string Version => Served.Value.Version;

    /// <summary>Who may call each served operation, by <c>operationId</c>; the service enforces exactly this.</summary>
    public static IReadOnlyDictionary<string, OperationAccess> Access => Served.Value.Access;

    private static (string, string, IReadOnlyDictionary<string, OperationAccess>) Load()
    {
        using var stream = typeof(OpenApiDocument).Assembly.GetManifestResourceStream("openapi.yaml")
            ?? throw new InvalidOperationException("The OpenAPI document is not embedded.");
        using var reader = new StreamReader(stream);
        var yaml = new YamlStream();
        yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var paths = (YamlMappingNode)root.Children[new YamlScalarNode("paths")];
        RemovePlanned(paths);
        var info = (YamlMappingNode)root.Children[new YamlScalarNode("info")];
        var version = ((YamlScalarNode)info.Children[new YamlScalarNode("version")]).Value ?? "0.0.0";
        using var writer = new StringWriter();
        yaml.Save(writer, assignAnchors: false);
        return (writer.ToString().TrimEnd('.', '\n', '\r') + "\n", version, ReadAccess(paths));
    }

    /// <summary>
    /// Each operation's access: none needed with <c>security: []</c>; otherwise the roles of
    /// <c>x-rasaplatform-roles</c> (required) and the rule of <c>x-rasaplatform-limited-tokens</c> (default: served).
    /// </summary>
    /// <exception cref="InvalidOperationException">An operation declares no roles, or an unknown role or rule.</exception>
    private static Dictionary<string, OperationAccess> ReadAccess(YamlMappingNode paths)
    {
        var access = new Dictionary<string, OperationAccess>(StringComparer.Ordinal);
        foreach (var operation in paths.Children.Values.Cast<YamlMappingNode>().SelectMany(item => item.Children.Values.OfType<YamlMappingNode>()))
        {
            if (Child(operation, "operationId") is YamlScalarNode { Value: { } id })
            {
                access[id] = ReadAccess(id, operation);
            }
        }

        return access;
    }

    private static OperationAccess ReadAccess(string id, YamlMappingNode operation)
    {
        if (Child(operation, "security") is YamlSequenceNode { Children.Count: 0 })
        {
            return new OperationAccess(null, LimitedTokens.Served);
        }

        if (Child(operation, "x-rasaplatform-roles") is not YamlSequenceNode { Children.Count: > 0 } declared)
        {
            throw new InvalidOperationException($"Operation {id} declares neither x-rasaplatform-roles nor security: [].");
        }

        var roles = declared.Children.Select(r => ApiRoles.TryParse((r as YamlScalarNode)?.Value, out var role)
            ? role.Value
            : throw new InvalidOperationException($"Operation {id} names an unknown role in x-rasaplatform-roles: {r}.")).ToHashSet();
        var limited = (Child(operation, "x-rasaplatform-limited-tokens") as YamlScalarNode)?.Value switch
        {
            null => LimitedTokens.Served,
            "refused" => LimitedTokens.Refused,
            var other => throw new InvalidOperationException($"Operation {id} has an unknown x-rasaplatform-limited-tokens: {other}."),
        };
        return new OperationAccess(roles, limited);
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static void RemovePlanned(YamlMappingNode paths)
    {
        var status = new YamlScalarNode("x-rasaplatform-status");
        foreach (var (path, item) in paths.Children.ToList())
        {
            var operations = (YamlMappingNode)item;
            foreach (var (method, operation) in operations.Children.ToList())
            {
                if (operation is YamlMappingNode op && op.Children.TryGetValue(status, out var value)
                    && value is YamlScalarNode { Value: "planned" })
                {
                    operations.Children.Remove(method);
                }
            }

            if (operations.Children.Count == 0)
            {
                paths.Children.Remove(path);
            }
        }
    }
}
