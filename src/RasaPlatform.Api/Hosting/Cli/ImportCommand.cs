using System.ComponentModel;
using RasaPlatform.Core.Import;
using RasaPlatform.Storage.Rasa;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RasaPlatform.Api.Hosting.Cli;

/// <summary>
/// The <c>import</c> command: bulk import, from files or from a Rasa SQLTrackerStore database, into the store the
/// configuration names. Progress is a bar on a terminal and a line a second otherwise; errors and the summary are lines
/// on standard error. Exit code: 0 all imported, 1 a file or the database could not be read, 3 some records rejected.
/// </summary>
internal sealed class ImportCommand(CommandEnvironment environment) : AsyncCommand<ImportCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "[FILE_OR_FOLDER]")]
        [Description("Files to import, or folders whose .json, .jsonl and .ndjson files are imported in name order. Formats: Rasa tracker dumps (one tracker, or an array of them); MongoDB/Botfront conversation documents (an array, or one per line); NDJSON of single events that carry sender_id.")]
        public string[] Paths { get; set; } = [];

        [CommandOption("--from-rasa-sql <CONNECTION>")]
        [Description("Import a Rasa SQLTrackerStore database instead of files: a PostgreSQL connection string, or 'Data Source=path' for SQLite (opened read-only). Resumes an interrupted import.")]
        public string? FromRasaSql { get; set; }

        public override ValidationResult Validate() =>
            Paths.Length == 0 && FromRasaSql is null ? ValidationResult.Error("Name the files or folders to import, or --from-rasa-sql.")
            : Paths.Length > 0 && FromRasaSql is not null ? ValidationResult.Error("Name files or --from-rasa-sql, not both.")
            : FromRasaSql is { Length: 0 } ? ValidationResult.Error("--from-rasa-sql needs a connection string.")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        RasaSqlTrackerStore? source = null;
        if (settings.FromRasaSql is { } connection)
        {
            try
            {
                source = RasaSqlTrackerStore.Open(connection);
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"--from-rasa-sql: {e.Message}");
            }
        }

        using var host = await StoreHost.StartAsync(environment, services => services.AddSingleton<ImportRunner>(), cancellationToken).ConfigureAwait(false);
        using var cancel = new CtrlC(cancellationToken);
        var runner = host.Services.GetRequiredService<ImportRunner>();
        Task<ImportSummary> Run(TextWriter lines, Action<ImportTick>? ticks) => source is not null
            ? runner.RunAsync(source, lines, ticks, cancel.Token)
            : runner.RunAsync((IReadOnlyList<string>)settings.Paths, lines, ticks, cancel.Token);
        var summary = environment.ErrorIsTerminal
            ? await WithBarAsync(Run).ConfigureAwait(false)
            : await Run(environment.Error, null).ConfigureAwait(false);
        return summary.ExitCode;
    }

    /// <summary>A bar per file (or the database) with its share read, the events per second and the time left; errors print above it.</summary>
    private async Task<ImportSummary> WithBarAsync(Func<TextWriter, Action<ImportTick>?, Task<ImportSummary>> run)
    {
        var console = environment.ErrorConsole();
        return await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new EventRateColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                ProgressTask? current = null;
                var events = 0L;
                var summary = await run(new ConsoleLineWriter(console), tick =>
                {
                    if (current?.Description != Markup.Escape(Path.GetFileName(tick.Path)))
                    {
                        current?.Value = current.MaxValue;
                        current = context.AddTask(Markup.Escape(Path.GetFileName(tick.Path)), maxValue: Math.Max(tick.Length, 1));
                        events = 0;
                    }

                    current.Value = tick.Position;
                    EventRateColumn.Add(current, tick.EventsRead - events);
                    events = tick.EventsRead;
                }).ConfigureAwait(false);
                current?.Value = current.MaxValue;
                return summary;
            }).ConfigureAwait(false);
    }
}

/// <summary>Events per second of a bar's task, from the events its ticks add to its state.</summary>
file sealed class EventRateColumn : ProgressColumn
{
    private const string Events = "events";

    public static void Add(ProgressTask task, long events) => task.State.Update<long>(Events, n => n + events);

    public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        var seconds = task.ElapsedTime?.TotalSeconds ?? 0;
        return new Text(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{(seconds > 0 ? task.State.Get<long>(Events) / seconds : 0):N0} events/s"));
    }
}

/// <summary>Lines written to a console that may be showing a live progress bar, which then draws below them.</summary>
internal sealed class ConsoleLineWriter(IAnsiConsole console) : TextWriter
{
    private readonly System.Text.StringBuilder _line = new();

    public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

    public override void Write(char value)
    {
        if (value == '\n')
        {
            console.WriteLine(_line.ToString().TrimEnd('\r'));
            _line.Clear();
            return;
        }

        _line.Append(value);
    }

    public override void WriteLine(string? value)
    {
        console.WriteLine(_line.Append(value).ToString());
        _line.Clear();
    }
}
