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
            .AddInMemoryCollection(environment.ToDictionary(p => p.Key.Replace("__", ":", StringComparison.Ordinal), p => (string?)Interpolate(p.Value, new Dictionary<string, string>())))
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
        Assert.All(environment.Keys, key => Assert.True(key.StartsWith("Storage__", StringComparison.Ordinal) || key.StartsWith("Feeds__", StringComparison.Ordinal), key));
    }

    [Fact]
    public void Compose_RabbitMqFeed_IsOffByDefault_AndTheDocumentedUriReachesTheRabbitMqService()
    {
        var compose = Load("docker-compose.yml");
        var api = Map(Service(compose, "api"), "environment");
        var rabbit = Service(compose, "rabbitmq");
        var documented = Regex.Match(File.ReadAllText(Path.Combine(Root, "docker-compose.yml")), "RASA_RABBITMQ_URI=(?<uri>\\S+) docker compose --profile rabbitmq up").Groups["uri"].Value;

        // Without the variable the feed is off: AddRasaFeeds hosts no consumer.
        Assert.Equal(string.Empty, Interpolate(api["Feeds__RabbitMq__Uri"], new Dictionary<string, string>()));
        Assert.DoesNotContain(FeedServices(string.Empty), d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService));


        var uri = new Uri(Interpolate(api["Feeds__RabbitMq__Uri"], new Dictionary<string, string> { ["RASA_RABBITMQ_URI"] = documented }));
        var environment = Map(rabbit, "environment");
        Assert.Equal(("amqp", "rabbitmq", 5672), (uri.Scheme, uri.Host, uri.Port));
        Assert.Equal($"{environment["RABBITMQ_DEFAULT_USER"]}:{environment["RABBITMQ_DEFAULT_PASS"]}", uri.UserInfo);
        Assert.Contains(FeedServices(uri.ToString()), d => d.ImplementationType == typeof(RasaPlatform.Feeds.RabbitMq.RabbitMqFeed));

        Assert.Equal(["rabbitmq"], Sequence(rabbit, "profiles"));
        Assert.Equal("5672", Assert.Single(Sequence(rabbit, "ports")).Split(':')[1]);
        Assert.Contains("ping", string.Join(' ', Sequence((YamlMappingNode)rabbit.Children[new YamlScalarNode("healthcheck")], "test")), StringComparison.Ordinal);
        var dependsOn = (YamlMappingNode)((YamlMappingNode)Service(compose, "api").Children[new YamlScalarNode("depends_on")]).Children[new YamlScalarNode("rabbitmq")];
        Assert.Equal(("service_healthy", "false"), (Scalar(dependsOn, "condition"), Scalar(dependsOn, "required")));
    }

    /// <summary>What <c>AddRasaFeeds</c> registers for a RabbitMQ URI (it checks the URI, and hosts no feed for an empty one).</summary>
    private static ServiceCollection FeedServices(string uri)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Feeds:RabbitMq:Uri"] = uri }).Build();
        var services = new ServiceCollection();
        RasaPlatform.Feeds.ServiceCollectionExtensions.AddRasaFeeds(services, configuration);
        return services;
    }

    /// <summary>Compose's <c>${NAME:-default}</c>, as it substitutes from the environment it starts in.</summary>
    private static string Interpolate(string value, Dictionary<string, string> variables) =>
        Regex.Replace(value, "\\$\\{(?<name>[A-Z_]+):-(?<default>[^}]*)\\}", m =>
            variables.TryGetValue(m.Groups["name"].Value, out var set) && set.Length > 0 ? set : m.Groups["default"].Value);

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
    public void LaunchProfile_ListensWhereTheServeCommandDoesByDefault()
    {
        // dotnet run uses the profile; --no-launch-profile and a published build fall back to ServeCommand.DefaultUrl.
        using var profile = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "src", "RasaPlatform.Api", "Properties", "launchSettings.json")));
        var url = profile.RootElement.GetProperty("profiles").GetProperty("RasaPlatform.Api").GetProperty("applicationUrl").GetString();

        Assert.Equal(RasaPlatform.Api.Hosting.Cli.ServeCommand.DefaultUrl, url);
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

    internal static string FindRoot()
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
