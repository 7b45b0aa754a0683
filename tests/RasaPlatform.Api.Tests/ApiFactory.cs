using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using RasaPlatform.Testing;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Api.Tests;

/// <summary>The real service in process, on a store of the subclass's choosing, with a fake clock.</summary>
public abstract class ApiFactory : WebApplicationFactory<Program>
{
    /// <summary>The body limit the tests run with, small enough to provoke 413.</summary>
    public const long MaxBodyBytes = 256 * 1024;

    /// <summary>Real Kestrel on a free loopback port: the test server would skip what Kestrel does to raw targets.</summary>
    protected ApiFactory()
    {
        UseKestrel(0);
    }

    public FakeClock Clock { get; } = new(Instant.FromUtc(2026, 1, 2, 3, 4, 5));

    /// <summary>Configuration that points the service at this factory's store.</summary>
    protected abstract IReadOnlyDictionary<string, string?> StoreSettings();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in StoreSettings())
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Ingestion:MaxBodyBytes", MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.ConfigureTestServices(services => services.AddSingleton<IClock>(Clock));
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
