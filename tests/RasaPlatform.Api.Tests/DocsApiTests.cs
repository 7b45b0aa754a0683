using System.Net;
using RasaPlatform.Api.Service;
using YamlDotNet.RepresentationModel;

namespace RasaPlatform.Api.Tests;

/// <summary>
/// The contract and its Swagger UI, served without a token: <c>/api/openapi.yaml</c> is the embedded spec without
/// its planned operations, and <c>/docs</c> is NSwag's Swagger UI showing that document.
/// </summary>
/// <remarks>The store plays no part here, so SQLite alone serves.</remarks>
public sealed class DocsApiTests(SqliteApiFactory factory) : IClassFixture<SqliteApiFactory>
{
    [Fact]
    public async Task Docs_NoToken_RedirectsToTheIndexPage()
    {
        using var client = NotRedirected();

        using var response = await client.GetAsync(new Uri("/docs", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/docs/index.html", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/docs")]
    [InlineData("/docs/")]
    [InlineData("/docs/index.html")]
    public async Task Docs_NoToken_IsTheSwaggerUiOfTheServedContract(string path)
    {
        using var client = factory.CreateClientWith(null);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<title>RasaPlatform API</title>", html, StringComparison.Ordinal);
        Assert.Contains("swagger-ui-bundle.js", html, StringComparison.Ordinal);
        Assert.Contains("""[{"url":"/api/openapi.yaml","name":"RasaPlatform"}]""", html, StringComparison.Ordinal);
        Assert.Contains("showExtensions: true", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/docs/swagger-ui-bundle.js")]
    [InlineData("/docs/swagger-ui-standalone-preset.js")]
    [InlineData("/docs/swagger-ui.css")]
    public async Task DocsFiles_NoToken_Answer(string path)
    {
        using var client = factory.CreateClientWith(null);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Contract_NoToken_IsTheEmbeddedSpecWithoutItsPlannedOperations()
    {
        using var client = factory.CreateClientWith(null);

        using var response = await client.GetAsync(new Uri("/api/openapi.yaml", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/yaml", response.Content.Headers.ContentType?.MediaType);
        var served = await response.Content.ReadAsStringAsync();
        Assert.Equal(OpenApiDocument.Yaml, served);
        using var embedded = typeof(OpenApiDocument).Assembly.GetManifestResourceStream("openapi.yaml")!;
        using var reader = new StreamReader(embedded);
        Assert.Equal(
            OperationsOf(await reader.ReadToEndAsync()).Where(o => !o.Planned).Select(o => o.Id),
            OperationsOf(served).Select(o => o.Id));
    }

    /// <summary>The operations of an OpenAPI document in document order, with whether each is marked planned.</summary>
    private static List<(string Id, bool Planned)> OperationsOf(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var paths = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("paths")];
        return [.. paths.Children.Values.Cast<YamlMappingNode>()
            .SelectMany(item => item.Children.Values.OfType<YamlMappingNode>())
            .Where(operation => operation.Children.ContainsKey(new YamlScalarNode("operationId")))
            .Select(operation => (
                ((YamlScalarNode)operation.Children[new YamlScalarNode("operationId")]).Value!,
                operation.Children.TryGetValue(new YamlScalarNode("x-rasaplatform-status"), out var status)
                    && status is YamlScalarNode { Value: "planned" }))];
    }

    /// <summary>A client without a token that does not follow redirects.</summary>
    /// <remarks>
    /// Not <c>CreateClient(options)</c>: on Kestrel its inner handler follows redirects whatever the options say, and
    /// new options lack the server's address.
    /// </remarks>
    private HttpClient NotRedirected()
    {
        factory.StartServer();
        return new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = factory.ClientOptions.BaseAddress };
    }
}
