using RasaPlatform.Core;
using RasaPlatform.Core.Import;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage;
using RasaPlatform.Storage.Rasa;

namespace RasaPlatform.Api.Hosting;

/// <summary>
/// The <c>import FILE...</c> and <c>import --from-rasa-sql CONNECTION</c> commands: bulk import, from files or from a
/// Rasa SQLTrackerStore database, into the store the configuration names.
/// </summary>
/// <remarks>
/// Configuration is the service's own (appsettings.json, environment, <c>--Section:Key=value</c> arguments), so the
/// import lands where the service reads. Arguments starting with <c>--</c> are settings, except
/// <c>--from-rasa-sql</c> and its value; the others are files or folders. Exit code: 0 all imported, 2 some records
/// rejected, 1 a file or the database could not be read, or nothing was named.
/// </remarks>
internal static class ImportCommand
{
    private const string Usage = "usage: import FILE_OR_FOLDER... | import --from-rasa-sql \"CONNECTION STRING\"  [--Storage:Provider=...]";
    private const string FromRasaSql = "--from-rasa-sql";

    public static async Task<int> RunAsync(IReadOnlyList<string> arguments)
    {
        var rest = arguments.ToList();
        var rasaSql = TakeOption(rest, FromRasaSql);
        var files = rest.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        if ((files.Count == 0) == (rasaSql is null) || rasaSql == "")
        {
            await Console.Error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 1;
        }

        RasaSqlTrackerStore? source = null;
        if (rasaSql is not null)
        {
            try
            {
                source = RasaSqlTrackerStore.Open(rasaSql);
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync($"{FromRasaSql}: {e.Message}").ConfigureAwait(false);
                return 1;
            }
        }

        var builder = Host.CreateApplicationBuilder(rest.Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToArray());
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
        var runner = host.Services.GetRequiredService<ImportRunner>();
        var summary = source is not null
            ? await runner.RunAsync(source, Console.Error, cancel.Token).ConfigureAwait(false)
            : await runner.RunAsync(files, Console.Error, cancel.Token).ConfigureAwait(false);
        return summary.ExitCode;
    }

    /// <summary>
    /// Removes <paramref name="name"/> and its value (<c>--name value</c> or <c>--name=value</c>) from
    /// <paramref name="arguments"/>; null when it is absent, empty when it has no value.
    /// </summary>
    private static string? TakeOption(List<string> arguments, string name)
    {
        var at = arguments.FindIndex(a => a == name || a.StartsWith(name + "=", StringComparison.Ordinal));
        if (at < 0)
        {
            return null;
        }

        var inline = arguments[at].Length > name.Length;
        var value = inline ? arguments[at][(name.Length + 1)..] : at + 1 < arguments.Count ? arguments[at + 1] : "";
        arguments.RemoveRange(at, inline || at + 1 == arguments.Count ? 1 : 2);
        return value;
    }
}
