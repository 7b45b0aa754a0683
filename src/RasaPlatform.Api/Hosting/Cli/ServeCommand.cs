using Spectre.Console.Cli;

namespace RasaPlatform.Api.Hosting.Cli;

/// <summary>The <c>serve</c> command, the default: runs the service until it is stopped.</summary>
internal sealed class ServeCommand(CommandEnvironment environment) : AsyncCommand<ServeCommand.Settings>
{
    /// <summary>Where the service listens when nothing says otherwise.</summary>
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>The host settings that choose where Kestrel listens.</summary>
    private static readonly string[] AddressKeys = ["urls", "http_ports", "https_ports"];

    /// <summary>None of its own: the service takes its configuration from appsettings.json, the environment and <c>--Section:Key=value</c>.</summary>
    internal sealed class Settings : CommandSettings;

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder([.. environment.Settings]);
        builder.AddRasaApi();
        if (AddressKeys.All(key => string.IsNullOrEmpty(builder.Configuration[key])))
        {
            // One default address however the service is started (dotnet run, --no-launch-profile, a published build);
            // ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS (the container image's) or --urls choose another.
            builder.WebHost.UseUrls(DefaultUrl);
        }

        await using var app = builder.Build();
        await app.UseRasaApiAsync().ConfigureAwait(false);
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
