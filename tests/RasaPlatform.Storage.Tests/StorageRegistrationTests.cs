using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage.PostgreSql;
using RasaPlatform.Storage.Sqlite;

namespace RasaPlatform.Storage.Tests;

public sealed class StorageRegistrationTests
{
    [Fact]
    public void AddRasaStorage_PostgreSqlWithoutConnectionString_FailsNamingTheSetting()
    {
        var configuration = Configuration(("Storage:Provider", "PostgreSql"));

        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddRasaStorage(configuration));

        Assert.Contains("Storage:PostgreSql:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Contains("Storage__PostgreSql__ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddRasaStorage_PostgreSql_BindsTheConnectionStringAndRegistersTheServerAdapters()
    {
        const string connectionString = "Host=db;Port=5432;Username=rasa;Password=rasa;Database=rasaplatform";
        var configuration = Configuration(("Storage:Provider", "postgresql"), ("Storage:PostgreSql:ConnectionString", connectionString));

        await using var provider = Build(configuration);

        Assert.Equal(connectionString, provider.GetRequiredService<IOptions<PostgreSqlStoreOptions>>().Value.ConnectionString);
        Assert.IsType<PostgreSqlConversationStore>(provider.GetRequiredService<IConversationStore>());
        Assert.IsType<PostgreSqlFlagStore>(provider.GetRequiredService<IFlagStore>());
        Assert.IsType<PostgreSqlIntentCorrectionStore>(provider.GetRequiredService<IIntentCorrectionStore>());
        Assert.IsType<PostgreSqlReviewStore>(provider.GetRequiredService<IReviewStore>());
        Assert.IsType<PostgreSqlMetadataStore>(provider.GetRequiredService<IMetadataStore>());
        Assert.IsType<PostgreSqlMigrator>(provider.GetRequiredService<IStoreMigrator>());
    }

    [Fact]
    public async Task AddRasaStorage_Default_RegistersTheSqliteAdapters()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rasa-registration-{Guid.NewGuid():N}", "store.db");
        var configuration = Configuration(("Storage:Sqlite:Path", path));

        await using var provider = Build(configuration);

        Assert.IsType<SqliteConversationStore>(provider.GetRequiredService<IConversationStore>());
        Assert.IsType<SqliteFlagStore>(provider.GetRequiredService<IFlagStore>());
        Assert.IsType<SqliteIntentCorrectionStore>(provider.GetRequiredService<IIntentCorrectionStore>());
        Assert.IsType<SqliteReviewStore>(provider.GetRequiredService<IReviewStore>());
        Assert.IsType<SqliteMetadataStore>(provider.GetRequiredService<IMetadataStore>());
        Assert.IsType<SqliteMigrator>(provider.GetRequiredService<IStoreMigrator>());
        Assert.Equal(path, provider.GetRequiredService<SqliteConnections>().FilePath);
        Directory.Delete(Path.GetDirectoryName(path)!);
    }

    private static ServiceProvider Build(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(SystemClock.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddRasaStorage(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
}
