using YamlDotNet.RepresentationModel;

namespace RasaPlatform.Api.Service;

/// <summary>The contract this service serves: <c>spec/openapi.yaml</c> without the operations not built yet.</summary>
/// <remarks>Operations marked <c>x-rasaplatform-status: planned</c> have no controller; serving them would mislead.</remarks>
internal static class OpenApiDocument
{
    private static readonly Lazy<(string Yaml, string Version)> Served = new(Load);

    /// <summary>The served document as YAML.</summary>
    public static string Yaml => Served.Value.Yaml;

    /// <summary>The document's <c>info.version</c>.</summary>
    public static string Version => Served.Value.Version;

    private static (string, string) Load()
    {
        using var stream = typeof(OpenApiDocument).Assembly.GetManifestResourceStream("openapi.yaml")
            ?? throw new InvalidOperationException("The OpenAPI document is not embedded.");
        using var reader = new StreamReader(stream);
        var yaml = new YamlStream();
        yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        RemovePlanned((YamlMappingNode)root.Children[new YamlScalarNode("paths")]);
        var info = (YamlMappingNode)root.Children[new YamlScalarNode("info")];
        var version = ((YamlScalarNode)info.Children[new YamlScalarNode("version")]).Value ?? "0.0.0";
        using var writer = new StringWriter();
        yaml.Save(writer, assignAnchors: false);
        return (writer.ToString().TrimEnd('.', '\n', '\r') + "\n", version);
    }

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
