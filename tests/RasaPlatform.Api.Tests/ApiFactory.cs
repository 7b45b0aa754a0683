using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using RasaPlatform.Core.Access;
using RasaPlatform.Testing;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Api.Tests;

/// <summary>The real service in process, on a store of the subclass's choosing, with a fake clock.</summary>
/// <remarks>
/// Authentication is on, as in production: <see cref="WebApplicationFactory{TEntryPoint}.CreateClient()"/> gives a
/// client that sends a <c>manage</c> token for every assistant, created in the factory's store on first use; the
/// other helpers give clients with other tokens, or none.
/// </remarks>
public abstract class ApiFactory : WebApplicationFactory<Program>
{
    /// <summary>The body limit the tests run with, small enough to provoke 413.</summary>
    public const long MaxBodyBytes = 256 * 1024;

    private readonly Lazy<string> _manageToken;

    /// <summary>Real Kestrel on a free loopback port: the test server would skip what Kestrel does to raw targets.</summary>
    protected ApiFactory()
    {
        UseKestrel(0);
        _manageToken = new(() => CreateTokenAsync(ApiRole.Manage).GetAwaiter().GetResult().Secret);
    }

    public FakeClock Clock { get; } = new(Instant.FromUtc(2026, 1, 2, 3, 4, 5));

    /// <summary>The warnings and errors the service logged.</summary>
    public WarningCollector Warnings { get; } = new();

    /// <summary>Further configuration (a feed's settings, say), applied after the store's.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Changes to the service's registrations, made after its own (e.g. a decorated store); optional.</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>The store settings as command-line arguments, for the program's commands (<c>--Key=value</c>).</summary>
    public IReadOnlyList<string> StoreArguments => [.. StoreSettings().Select(s => $"--{s.Key}={s.Value}")];

    /// <summary>The token every client of <see cref="WebApplicationFactory{TEntryPoint}.CreateClient()"/> sends.</summary>
    public string ManageToken => _manageToken.Value;

    /// <summary>Creates a token in the service's store, as the <c>tokens create</c> command does.</summary>
    public Task<CreatedApiToken> CreateTokenAsync(ApiRole role, params string[] assistants) =>
        Services.GetRequiredService<ApiTokenService>().CreateAsync(role, assistants, $"test {role.Name()}", CancellationToken.None);

    /// <summary>A client that sends a new token of <paramref name="role"/>, limited to <paramref name="assistants"/> if any.</summary>
    public HttpClient CreateClient(ApiRole role, params string[] assistants) =>
        CreateClientWith(CreateTokenAsync(role, assistants).GetAwaiter().GetResult().Secret);

    /// <summary>A client that sends <c>Authorization: Bearer <paramref name="token"/></c>, or no Authorization header when null.</summary>
    public HttpClient CreateClientWith(string? token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = token is null ? null : new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Configuration that points the service at this factory's store.</summary>
    protected abstract IReadOnlyDictionary<string, string?> StoreSettings();

    /// <summary>A new, closed connection to the service's store, for tests that read it directly.</summary>
    public abstract System.Data.Common.DbConnection CreateStoreConnection();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in StoreSettings().Concat(Settings))
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Ingestion:MaxBodyBytes", MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IClock>(Clock);
            TestServices?.Invoke(services);
        });
        builder.ConfigureLogging(logging => logging.AddProvider(Warnings));
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ManageToken);
    }
}

/// <summary>The embedded default: a SQLite file of its own, deleted afterwards.</summary>
public sealed class SqliteApiFactory : ApiFactory
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rasaplatform-api-").FullName;

    protected override IReadOnlyDictionary<string, string?> StoreSettings() => new Dictionary<string, string?>
    {
        ["Storage:Provider"] = "Sqlite",
        ["Storage:Sqlite:Path"] = Path.Combine(_directory, "api.db"),
    };

    public override System.Data.Common.DbConnection CreateStoreConnection() =>
        new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_directory, "api.db")}");

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}

/// <summary>The server store: a PostgreSQL schema of its own, dropped afterwards.</summary>
/// <remarks>Two factories given the same schema are two service instances sharing one database.</remarks>
public class PostgreSqlApiFactory : ApiFactory
{
    private bool _used;

    public PostgreSqlApiFactory()
        : this("test_api_" + Guid.NewGuid().ToString("N")[..12], ownsSchema: true)
    {
    }

    internal PostgreSqlApiFactory(string schema, bool ownsSchema)
    {
        Schema = schema;
        OwnsSchema = ownsSchema;
    }

    public string Schema { get; }

    private bool OwnsSchema { get; }

    protected override IReadOnlyDictionary<string, string?> StoreSettings()
    {
        _used = true;
        return new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "PostgreSql",
            ["Storage:PostgreSql:ConnectionString"] = PostgreSqlServer.WithSchema(Schema),
        };
    }

    public override System.Data.Common.DbConnection CreateStoreConnection() => new Npgsql.NpgsqlConnection(PostgreSqlServer.WithSchema(Schema));

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _used && OwnsSchema)
        {
            _used = false;
            Npgsql.NpgsqlConnection.ClearAllPools();
            PostgreSqlServer.DropSchemaAsync(Schema).GetAwaiter().GetResult();
        }
    }
}
