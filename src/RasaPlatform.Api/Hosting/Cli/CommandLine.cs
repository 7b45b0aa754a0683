using Microsoft.Extensions.Hosting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RasaPlatform.Api.Hosting.Cli;

/// <summary>
/// The program's command line: <c>serve</c> (the default), <c>import</c>, <c>tokens create|list|revoke</c> and
/// <c>rebuild-metadata</c>, parsed by Spectre.Console.Cli, each with its <c>--help</c>.
/// </summary>
/// <remarks>
/// <para>
/// Configuration overrides are set aside before parsing and go to every command's host as they are
/// (<see cref="ConfigurationArguments"/>): <c>--Section:Key=value</c> or <c>--Section:Key value</c>, names starting
/// with a capital letter, and the host's own <c>--urls</c>, <c>--environment</c>, <c>--contentRoot</c> and
/// <c>--applicationName</c>.
/// </para>
/// <para>
/// Exit codes: 0 done (and every <c>--help</c>); 1 a failure (a file or the store could not be read, an unknown token
/// id); 2 a usage error (an unknown command or option, a missing or bad value), with the reason on standard error;
/// 3 done, but some records or conversations were refused or failed (<c>import</c>, <c>rebuild-metadata</c>);
/// 130 interrupted.
/// </para>
/// </remarks>
internal static class CommandLine
{
    public const int Failure = 1;
    public const int UsageError = 2;

    /// <summary>Done, but some records or conversations were refused or failed: an import's (<see cref="Core.Import.ImportSummary.RejectedExitCode"/>) and a rebuild's.</summary>
    public const int PartlyRefused = Core.Import.ImportSummary.RejectedExitCode;
    public const int Interrupted = 130;

    /// <summary>Runs the command the arguments name, on the process's console.</summary>
    public static Task<int> RunAsync(string[] args) =>
        RunAsync(args, Console.Out, Console.Error, errorIsTerminal: !Console.IsErrorRedirected, CancellationToken.None);

    /// <summary>Runs the command the arguments name, writing to <paramref name="output"/> and <paramref name="error"/>.</summary>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, TextWriter output, TextWriter error, bool errorIsTerminal, CancellationToken cancellationToken)
    {
        var (commandLine, settings) = ConfigurationArguments.Split(args);
        if (Problem(commandLine) is { } problem)
        {
            return await UsageAsync(error, problem, commandLine).ConfigureAwait(false);
        }

        var environment = new CommandEnvironment(settings, output, error, errorIsTerminal);
        var app = new CommandApp<ServeCommand>(new CommandRegistrar(environment));
        app.Configure(config =>
        {
            config.SetApplicationName("RasaPlatform.Api");
            config.UseStrictParsing();
            config.PropagateExceptions();
            var terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
            config.ConfigureConsole(AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(output),
                Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
                ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            }));
            CommandCatalog.Add(config);
        });

        try
        {
            return await app.RunAsync(commandLine, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is CommandAppException or UsageException)
        {
            return await UsageAsync(error, e.Message, commandLine).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return Interrupted;
        }
        catch (Exception e) when (e is not HostAbortedException && !Serves(commandLine))
        {
            // A one-off command's failure (the store unreachable, say) is a line, not a stack trace. The service's own
            // failures to start pass on, as the host reports them (and a test host must see them, as it must see the
            // HostAbortedException with which it stops the program once the service is built).
            await error.WriteLineAsync($"error: {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
            return Failure;
        }
    }

    /// <summary>The options that take a value, as the commands' settings declare them (<c>--role &lt;ROLE&gt;</c>).</summary>
    private static readonly HashSet<string> ValueOptions = [.. typeof(CommandLine).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(CommandSettings)))
        .SelectMany(t => t.GetProperties())
        .Select(p => p.GetCustomAttributes(typeof(CommandOptionAttribute), false).OfType<CommandOptionAttribute>().FirstOrDefault())
        .Where(o => o is not null && o.ValueName is not null)
        .SelectMany(o => o!.LongNames.Select(n => "--" + n))];

    /// <summary>
    /// What the parser would misread rather than refuse: a branch named without its command, an option that takes a
    /// value given none (the parser would take the next word or an internal name for it).
    /// </summary>
    private static string? Problem(List<string> commandLine)
    {
        if (commandLine is [CommandCatalog.Tokens])
        {
            return "Name what to do with tokens: create, list or revoke.";
        }

        for (var i = 0; i < commandLine.Count; i++)
        {
            if (ValueOptions.Contains(commandLine[i]) && (i + 1 == commandLine.Count || commandLine[i + 1].StartsWith("--", StringComparison.Ordinal)))
            {
                return $"{commandLine[i]} needs a value.";
            }
        }

        return null;
    }

    /// <summary>Whether the command line runs the service: <c>serve</c>, or no command at all.</summary>
    private static bool Serves(List<string> commandLine) =>
        commandLine.FirstOrDefault(a => !a.StartsWith('-')) is null or CommandCatalog.Serve;

    /// <summary>A usage error: the reason and where the help is, on standard error.</summary>
    private static async Task<int> UsageAsync(TextWriter error, string reason, List<string> commandLine)
    {
        await error.WriteLineAsync($"error: {reason}").ConfigureAwait(false);
        await error.WriteLineAsync($"See '{Invocation(commandLine)} --help'.").ConfigureAwait(false);
        return UsageError;
    }

    /// <summary>The program and the command named, for the pointer to its help.</summary>
    private static string Invocation(List<string> commandLine)
    {
        var words = commandLine.TakeWhile(a => !a.StartsWith('-')).Take(2).ToList();
        return string.Join(' ', ["RasaPlatform.Api", .. words switch
        {
            [CommandCatalog.Tokens, var verb, ..] when CommandCatalog.TokenCommands.Contains(verb) => words,
            [var first, ..] when CommandCatalog.Commands.Contains(first) => [first],
            _ => [],
        }]);
    }
}

/// <summary>What every command is given besides its own settings.</summary>
/// <param name="Settings">The configuration overrides, for the command's host.</param>
/// <param name="Output">Standard output: results a script reads (a new token, a summary).</param>
/// <param name="Error">Standard error: progress, reasons, warnings.</param>
/// <param name="ErrorIsTerminal">Whether standard error is a terminal: progress is then a live bar, else periodic lines.</param>
internal sealed record CommandEnvironment(IReadOnlyList<string> Settings, TextWriter Output, TextWriter Error, bool ErrorIsTerminal)
{
    /// <summary>A console over <see cref="Error"/>, for progress bars.</summary>
    public IAnsiConsole ErrorConsole() => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Error),
        Ansi = ErrorIsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
        Interactive = ErrorIsTerminal ? InteractionSupport.Detect : InteractionSupport.No,
    });
}

/// <summary>
/// Spectre.Console.Cli's seam for construction, over Microsoft.Extensions.DependencyInjection: commands get the
/// <see cref="CommandEnvironment"/> they take.
/// </summary>
internal sealed class CommandRegistrar(CommandEnvironment environment) : ITypeRegistrar
{
    private readonly ServiceCollection _services = [];

    public void Register(Type service, Type implementation) => _services.AddSingleton(service, implementation);

    public void RegisterInstance(Type service, object implementation) => _services.AddSingleton(service, implementation);

    public void RegisterLazy(Type service, Func<object> factory) => _services.AddSingleton(service, _ => factory());

    public ITypeResolver Build()
    {
        _services.AddSingleton(environment);
        return new Resolver(_services.BuildServiceProvider());
    }

    private sealed class Resolver(ServiceProvider provider) : ITypeResolver, IDisposable
    {
        public object? Resolve(Type? type) => type is null ? null : provider.GetService(type) ?? ActivatorUtilities.CreateInstance(provider, type);

        public void Dispose() => provider.Dispose();
    }
}

/// <summary>A value a command found unusable only once it tried it (a connection string that does not parse): a usage error.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>
/// A token that Ctrl+C cancels while the command runs, so that an import or a rebuild stops between batches (what is
/// committed stays) instead of the process dying mid-write.
/// </summary>
internal sealed class CtrlC : IDisposable
{
    private readonly CancellationTokenSource _source;

    public CtrlC(CancellationToken outer)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        Console.CancelKeyPress += Stop;
    }

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        Console.CancelKeyPress -= Stop;
        _source.Dispose();
    }

    private void Stop(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        _source.Cancel();
    }
}
