using RasaPlatform.Api.Hosting;

if (args is ["import", .. var rest])
{
    return await ImportCommand.RunAsync(rest).ConfigureAwait(false);
}

if (args is ["tokens", .. var tokenArguments])
{
    return await TokensCommand.RunAsync(tokenArguments, Console.Out, Console.Error).ConfigureAwait(false);
}

if (args is ["rebuild-metadata", .. var settings])
{
    return await RebuildMetadataCommand.RunAsync(settings).ConfigureAwait(false);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddRasaApi();
var app = builder.Build();
await app.UseRasaApiAsync().ConfigureAwait(false);
await app.RunAsync().ConfigureAwait(false);
return 0;

/// <summary>The entry point; public so that tests can host it with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
