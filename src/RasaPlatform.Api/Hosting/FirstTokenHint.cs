using RasaPlatform.Core.Access;
using RasaPlatform.Storage;
using RasaPlatform.Storage.Sqlite;

namespace RasaPlatform.Api.Hosting;

/// <summary>Tells the user, at startup, how to get in when the store holds no active API token.</summary>
internal static partial class FirstTokenHint
{
    public static async Task WarnIfNoTokenAsync(WebApplication app)
    {
        var tokens = app.Services.GetRequiredService<ApiTokenService>();
        if (await tokens.AnyActiveAsync(app.Lifetime.ApplicationStopping).ConfigureAwait(false))
        {
            return;
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FirstTokenHint).FullName!);
        NoActiveToken(logger, Command(app.Configuration), StoreSettings(app.Configuration));
    }

    /// <summary>The command that creates the first token, with the settings that point it at this service's store.</summary>
    public static string Command(IConfiguration configuration)
    {
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var path = configuration.GetSection(StorageOptions.Section).GetSection("Sqlite").Get<SqliteStoreOptions>()?.Path ?? new SqliteStoreOptions().Path;
        var store = storage.Provider == StorageProvider.Sqlite ? $" --Storage:Sqlite:Path={Path.GetFullPath(path)}" : string.Empty;
        return "dotnet run --project src/RasaPlatform.Api --no-launch-profile -- tokens create --role manage --name admin" + store;
    }

    private static string StoreSettings(IConfiguration configuration) =>
        (configuration.GetSection(StorageOptions.Section).Get<StorageOptions>()?.Provider ?? StorageProvider.Sqlite) == StorageProvider.Sqlite
            ? "this service's SQLite file"
            : "this service's Storage__Provider and Storage__PostgreSql__ConnectionString settings (environment or --Storage:... arguments)";

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "No active API token is stored: every request but /api/health/*, /api/openapi.yaml and /docs is refused with 401. "
            + "Create the first token, with {Store}: {Command} (a published build: dotnet RasaPlatform.Api.dll tokens create --role manage ...). "
            + "It is printed once; send it as 'Authorization: Bearer <token>'. See README, Authentication.")]
    private static partial void NoActiveToken(ILogger logger, string command, string store);
}
