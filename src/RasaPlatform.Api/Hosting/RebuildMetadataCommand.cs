using RasaPlatform.Core;
using RasaPlatform.Core.Metadata;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage;
using Spectre.Console;

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
        var projector = host.Services.GetRequiredService<MetadataProjector>();
        var result = Console.IsErrorRedirected
            ? await RebuildWithLinesAsync(projector, host.Services.GetRequiredService<NodaTime.IClock>(), cancel.Token).ConfigureAwait(false)
            : await RebuildWithBarAsync(projector, cancel.Token).ConfigureAwait(false);
        var pending = await host.Services.GetRequiredService<IMetadataStore>().PendingCountAsync(cancel.Token).ConfigureAwait(false);
        await Console.Out.WriteLineAsync(
            $"rebuild-metadata: {result.Enqueued} conversations queued, {result.Processed} processed, {pending} pending, {result.Failed} failed").ConfigureAwait(false);
        return result.Failed > 0 ? 2 : 0;
    }

    /// <summary>On a terminal: a bar of folded / queued, with the rate and the time left, on standard error.</summary>
    private static async Task<MetadataRebuildResult> RebuildWithBarAsync(MetadataProjector projector, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RateColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("rebuild-metadata", maxValue: 1);
                var result = await projector.RebuildAsync(
                    progress =>
                    {
                        // Other instances fold some of the queue: the bar counts what is no longer pending.
                        task.MaxValue = Math.Max(progress.Enqueued, 1);
                        task.Value = Math.Max(0, progress.Enqueued - progress.Pending);
                    },
                    cancellationToken).ConfigureAwait(false);
                task.Value = task.MaxValue;
                return result;
            }).ConfigureAwait(false);
    }

    /// <summary>Redirected: a line every five seconds with the counts, the rate and the time left.</summary>
    private static Task<MetadataRebuildResult> RebuildWithLinesAsync(MetadataProjector projector, NodaTime.IClock clock, CancellationToken cancellationToken)
    {
        var reported = clock.GetCurrentInstant();
        return projector.RebuildAsync(
            progress =>
            {
                if (clock.GetCurrentInstant() - reported < NodaTime.Duration.FromSeconds(5))
                {
                    return;
                }

                reported = clock.GetCurrentInstant();
                var left = progress.EstimatedSecondsLeft is { } seconds ? $", about {TimeSpan.FromSeconds(Math.Ceiling(seconds)):c} left" : string.Empty;
                Console.Error.WriteLine(string.Create(
                    System.Globalization.CultureInfo.InvariantCulture,
                    $"rebuild-metadata: {progress.Enqueued - progress.Pending} of {progress.Enqueued} done ({progress.Processed} here), {progress.Pending} pending, {progress.RatePerSecond:F0}/s{left}"));
            },
            cancellationToken);
    }
}

/// <summary>Conversations per second, as the bar's task counts them.</summary>
file sealed class RateColumn : ProgressColumn
{
    public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        new Text(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{task.Speed ?? 0:N0}/s"));
}
