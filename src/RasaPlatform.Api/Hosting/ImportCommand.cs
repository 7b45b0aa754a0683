using RasaPlatform.Core;
using RasaPlatform.Core.Import;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage;

namespace RasaPlatform.Api.Hosting;

/// <summary>The <c>import FILE...</c> command: bulk import into the store the configuration names.</summary>
/// <remarks>
/// Configuration is the service's own (appsettings.json, environment, <c>--Section:Key=value</c> arguments), so the
/// import lands where the service reads. Arguments starting with <c>--</c> are settings; the others are files or
/// folders. Exit code: 0 all imported, 2 some records rejected, 1 a file could not be read or no file was named.
/// </remarks>
internal static class ImportCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> arguments, string[] args)
    {
        var files = arguments.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        if (files.Count == 0)
        {
            await Console.Error.WriteLineAsync("usage: import FILE_OR_FOLDER... [--Storage:Provider=...]").ConfigureAwait(false);
            return 1;
        }

        var builder = Host.CreateApplicationBuilder(args.Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToArray());
        builder.Configuration.AddShippedDefaults();
        builder.Logging.AddFilter("RasaPlatform.Storage", LogLevel.Warning);
        builder.Services.AddRasaCore(builder.Configuration);
        builder.Services.AddRasaStorage(builder.Configuration);
        builder.Services.AddSingleton<ImportRunner>();
        using var host = builder.Build();
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        await host.Services.GetRequiredService<IStoreMigrator>().MigrateAsync(cancel.Token).ConfigureAwait(false);
        var summary = await host.Services.GetRequiredService<ImportRunner>().RunAsync(files, Console.Error, cancel.Token).ConfigureAwait(false);
        return summary.ExitCode;
    }
}
