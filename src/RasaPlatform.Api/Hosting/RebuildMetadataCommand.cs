using RasaPlatform.Core;
using RasaPlatform.Core.Metadata;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage;

namespace RasaPlatform.Api.Hosting;

/// <summary>The <c>rebuild-metadata</c> command: recomputes every conversation's metadata in the configured store.</summary>
/// <remarks>
/// Configuration is the service's own (appsettings.json, environment, <c>--Section:Key=value</c> arguments). Queues every
/// conversation, then folds until the queue is empty, side by side with running service instances (each claims its own
/// conversations; this waits for those they claimed). Prints the counts, and progress every few seconds to standard
/// error. Exit code: 0 done, 1 an unexpected argument, 2 done but some conversations failed (retried by the service).
/// </remarks>
internal static class RebuildMetadataCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Any(a => !a.StartsWith("--", StringComparison.Ordinal)))
        {
            await Console.Error.WriteLineAsync("usage: rebuild-metadata [--Storage:Provider=...]").ConfigureAwait(false);
            return 1;
        }

        var builder = Host.CreateApplicationBuilder(args);
        builder.Configuration.AddShippedDefaults();
        builder.Logging.AddFilter("RasaPlatform.Storage", LogLevel.Warning);
        builder.Services.AddRasaCore(builder.Configuration);
        builder.Services.AddRasaStorage(builder.Configuration);
        using var host = builder.Build();
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        await host.Services.GetRequiredService<IStoreMigrator>().MigrateAsync(cancel.Token).ConfigureAwait(false);
        var clock = host.Services.GetRequiredService<NodaTime.IClock>();
        var reported = clock.GetCurrentInstant();
        void Progress(MetadataRebuildResult result)
        {
            if (clock.GetCurrentInstant() - reported >= NodaTime.Duration.FromSeconds(5))
            {
                reported = clock.GetCurrentInstant();
                Console.Error.WriteLine($"rebuild-metadata: {result.Processed} of {result.Enqueued} processed, {result.Pending} pending");
            }
        }

        var result = await host.Services.GetRequiredService<MetadataProjector>().RebuildAsync(Progress, cancel.Token).ConfigureAwait(false);
        var pending = await host.Services.GetRequiredService<IMetadataStore>().PendingCountAsync(cancel.Token).ConfigureAwait(false);
        await Console.Out.WriteLineAsync(
            $"rebuild-metadata: {result.Enqueued} conversations queued, {result.Processed} processed, {pending} pending, {result.Failed} failed").ConfigureAwait(false);
        return result.Failed > 0 ? 2 : 0;
    }
}
