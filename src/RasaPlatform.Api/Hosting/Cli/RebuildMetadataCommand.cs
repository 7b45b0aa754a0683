using System.Globalization;
using RasaPlatform.Core.Metadata;
using RasaPlatform.Core.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RasaPlatform.Api.Hosting.Cli;

/// <summary>
/// The <c>rebuild-metadata</c> command: queues every conversation, then folds until the queue is empty, side by side
/// with running service instances (each claims its own conversations; this waits for those they claimed). A bar on a
/// terminal, a line every five seconds otherwise; then the counts, saying which were folded here and which by the
/// running service. Exit code: 0 done, 3 done but some conversations failed (the service retries them).
/// </summary>
internal sealed class RebuildMetadataCommand(CommandEnvironment environment) : AsyncCommand<RebuildMetadataCommand.Settings>
{
    internal sealed class Settings : CommandSettings;

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var host = await StoreHost.StartAsync(environment, null, cancellationToken).ConfigureAwait(false);
        using var cancel = new CtrlC(cancellationToken);
        var projector = host.Services.GetRequiredService<MetadataProjector>();
        var result = environment.ErrorIsTerminal
            ? await WithBarAsync(projector, cancel.Token).ConfigureAwait(false)
            : await WithLinesAsync(projector, host.Services.GetRequiredService<NodaTime.IClock>(), cancel.Token).ConfigureAwait(false);
        var pending = await host.Services.GetRequiredService<IMetadataStore>().PendingCountAsync(cancel.Token).ConfigureAwait(false);
        var elsewhere = Math.Max(0, result.Enqueued - result.Processed - pending);
        await environment.Output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"rebuild-metadata: {result.Enqueued} conversations queued: {result.Processed} folded here, {elsewhere} by running service instances, {pending} still queued, {result.Failed} failed")).ConfigureAwait(false);
        return result.Failed > 0 ? CommandLine.PartlyRefused : 0;
    }

    /// <summary>A bar of folded / queued, with the rate and the time left.</summary>
    private async Task<MetadataRebuildResult> WithBarAsync(MetadataProjector projector, CancellationToken cancellationToken) =>
        await environment.ErrorConsole().Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ConversationRateColumn(), new RemainingTimeColumn())
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

    /// <summary>A line every five seconds with the counts, the rate and the time left.</summary>
    private Task<MetadataRebuildResult> WithLinesAsync(MetadataProjector projector, NodaTime.IClock clock, CancellationToken cancellationToken)
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
                environment.Error.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"rebuild-metadata: {progress.Enqueued - progress.Pending} of {progress.Enqueued} done ({progress.Processed} here), {progress.Pending} pending, {progress.RatePerSecond:F0}/s{left}"));
            },
            cancellationToken);
    }
}

/// <summary>Conversations per second, as the bar's task counts them.</summary>
file sealed class ConversationRateColumn : ProgressColumn
{
    public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        new Text(string.Create(CultureInfo.InvariantCulture, $"{task.Speed ?? 0:N0}/s"));
}
