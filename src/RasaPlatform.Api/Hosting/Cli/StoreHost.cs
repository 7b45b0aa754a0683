using RasaPlatform.Core;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage;

namespace RasaPlatform.Api.Hosting.Cli;

/// <summary>
/// The host a command works on the store through: the service's configuration (appsettings.json, environment, the
/// command line's overrides), Core and the configured store, migrated; logs only warnings, on standard error.
/// </summary>
internal static class StoreHost
{
    public static async Task<IHost> StartAsync(CommandEnvironment environment, Action<IServiceCollection>? services, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder([.. environment.Settings]);
        builder.Configuration.AddShippedDefaults();
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("RasaPlatform.Storage", LogLevel.Warning);
        builder.Services.AddRasaCore(builder.Configuration);
        builder.Services.AddRasaStorage(builder.Configuration);
        services?.Invoke(builder.Services);
        var host = builder.Build();
        try
        {
            await host.Services.GetRequiredService<IStoreMigrator>().MigrateAsync(cancellationToken).ConfigureAwait(false);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }
}
