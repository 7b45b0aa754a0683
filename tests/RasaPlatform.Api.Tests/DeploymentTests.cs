using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage;
using RasaPlatform.Storage.PostgreSql;
using YamlDotNet.RepresentationModel;

namespace RasaPlatform.Api.Tests;

/// <summary>docker-compose.yml and the Dockerfile cannot run here (no Docker engine); these tests check that what they
/// configure is what the program reads.</summary>
public class DeploymentTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public void Compose_ApiEnvironment_ConfiguresThePostgreSqlStoreOfTheDbService()
    {
        var compose = Load("docker-compose.yml");
        var api = Service(compose, "api");
        var db = Service(compose, "db");
        var environment = Map(api, "environment");

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(environment.ToDictionary(p => p.Key.Replace("__", ":", StringComparison.Ordinal), p => (string?)p.Value))
            .Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<NodaTime.IClock>(NodaTime.SystemClock.Instance);
        services.AddRasaStorage(configuration);
        using var provider = services.BuildServiceProvider();

        Assert.IsType<PostgreSqlConversationStore>(provider.GetRequiredService<IConversationStore>());
        var connection = new NpgsqlConnectionStringBuilder(configuration["Storage:PostgreSql:ConnectionString"]);
        var dbEnvironment = Map(db, "environment");
        Assert.Equal("db", connection.Host);
        Assert.Equal(5432, connection.Port);
        Assert.Equal(dbEnvironment["POSTGRES_USER"], connection.Username);
        Assert.Equal(dbEnvironment["POSTGRES_PASSWORD"], connection.Password);
        Assert.Equal(dbEnvironment["POSTGRES_DB"], connection.Database);
        Assert.All(environment.Keys, key => Assert.StartsWith("Storage__", key, StringComparison.Ordinal));
    }

    [Fact]
    public void Compose_Database_IsPostgres15WithAVolumeAndAHealthcheckTheApiWaitsFor()
    {
        var compose = Load("docker-compose.yml");
        var db = Service(compose, "db");

        Assert.Equal("postgres:15", Scalar(db, "image"));
        var volume = Assert.Single(Sequence(db, "volumes")).Split(':');
        Assert.Equal("/var/lib/postgresql/data", volume[1]);
        Assert.True(((YamlMappingNode)compose.Children[new YamlScalarNode("volumes")]).Children.ContainsKey(new YamlScalarNode(volume[0])));
        Assert.Contains("pg_isready", string.Join(' ', Sequence((YamlMappingNode)db.Children[new YamlScalarNode("healthcheck")], "test")), StringComparison.Ordinal);
        var dependsOn = (YamlMappingNode)Service(compose, "api").Children[new YamlScalarNode("depends_on")];
        Assert.Equal("service_healthy", Scalar((YamlMappingNode)dependsOn.Children[new YamlScalarNode("db")], "condition"));
    }

    [Fact]
    public void Compose_PublishedPort_IsThePortTheImageListensOn()
    {
        var api = Service(Load("docker-compose.yml"), "api");
        var dockerfile = File.ReadAllLines(Path.Combine(Root, "Dockerfile"));
        var listens = dockerfile.Single(l => l.StartsWith("ENV ASPNETCORE_HTTP_PORTS=", StringComparison.Ordinal)).Split('=')[1];

        Assert.Contains($"EXPOSE {listens}", dockerfile);
        Assert.Equal(listens, Assert.Single(Sequence(api, "ports")).Split(':')[1]);
        Assert.Equal(".", Scalar(api, "build"));
        Assert.Contains(dockerfile, l => l.Contains("src/RasaPlatform.Api/RasaPlatform.Api.csproj", StringComparison.Ordinal));
        Assert.Contains(dockerfile, l => l.Contains("\"RasaPlatform.Api.dll\"", StringComparison.Ordinal));
    }

    [Fact]
    public void ShippedSettings_DoNotPinTheListenAddress()
    {
        // A "Urls" setting in appsettings.json would override ASPNETCORE_HTTP_PORTS in the image.
        var settings = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Root, "src", "RasaPlatform.Api", "appsettings.json"))
            .Build();

        Assert.Null(settings["Urls"]);
        Assert.Equal("Sqlite", settings["Storage:Provider"]);
    }

    [Fact]
    public void ShippedSettings_HoldTheDefaultsReadmeDocuments()
    {
        // appsettings.json is read wherever the program starts, so a value in it is the default in effect. A value
        // left behind when a default changed in code and README kept the job at a slower interval than documented.
        var settings = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Root, "src", "RasaPlatform.Api", "appsettings.json"))
            .Build();
        var documented = File.ReadLines(Path.Combine(Root, "README.md"))
            .Select(l => Regex.Match(l, "^\\| `(?<key>[A-Za-z:]+)` \\| `(?<value>[^`]*)`"))
            .Where(m => m.Success)
            .ToDictionary(m => m.Groups["key"].Value, m => m.Groups["value"].Value);
        var shipped = settings.AsEnumerable().Where(p => p.Value is not null && documented.ContainsKey(p.Key)).ToList();

        Assert.Contains(shipped, p => p.Key == "Jobs:MetadataIntervalMilliseconds");
        Assert.All(shipped, p => Assert.Equal(documented[p.Key], p.Value, ignoreCase: true));
    }

    private static YamlMappingNode Load(string file)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Root, file));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static YamlMappingNode Service(YamlMappingNode compose, string name) =>
        (YamlMappingNode)((YamlMappingNode)compose.Children[new YamlScalarNode("services")]).Children[new YamlScalarNode(name)];

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value!;

    private static List<string> Sequence(YamlMappingNode node, string key) =>
        ((YamlSequenceNode)node.Children[new YamlScalarNode(key)]).Children.Select(c => ((YamlScalarNode)c).Value!).ToList();

    private static Dictionary<string, string> Map(YamlMappingNode node, string key) =>
        ((YamlMappingNode)node.Children[new YamlScalarNode(key)]).Children
            .ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value!);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "docker-compose.yml")) && File.Exists(Path.Combine(dir.FullName, "RasaPlatform.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root not found.");
    }
}
