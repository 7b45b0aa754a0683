using Spectre.Console.Cli;

namespace RasaPlatform.Api.Hosting.Cli;

/// <summary>The <c>serve</c> command, the default: runs the service until it is stopped.</summary>
internal sealed class ServeCommand(CommandEnvironment environment) : AsyncCommand<ServeCommand.Settings>
{
    /// <summary>None of its own: the service takes its configuration from appsettings.json, the environment and <c>--Section:Key=value</c>.</summary>
    internal sealed class Settings : CommandSettings;

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder([.. environment.Settings]);
        builder.AddRasaApi();
        await using var app = builder.Build();
        await app.UseRasaApiAsync().ConfigureAwait(false);
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
