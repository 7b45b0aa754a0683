using NodaTime.Text;
using RasaPlatform.Core;
using RasaPlatform.Core.Access;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage;

namespace RasaPlatform.Api.Hosting;

/// <summary>The <c>tokens</c> command: creates, lists and revokes API tokens in the store the configuration names.</summary>
/// <remarks>
/// <para>
/// <c>tokens create --role view|ingest|manage [--assistant NAME]... [--name TEXT]</c> prints the new token, alone on
/// standard output (so that <c>TOKEN=$(… tokens create …)</c> captures it), and what it is on standard error. The token
/// is shown this once: the store keeps only its hash. <c>tokens list</c> prints every token's id, role, assistants,
/// times and name; <c>tokens revoke ID</c> revokes one at once for every instance on the store (idempotent).
/// </para>
/// <para>
/// Configuration is the service's own (appsettings.json, environment, <c>--Section:Key=value</c> arguments), so the
/// tokens are the ones the service checks. Options take their value after a space or <c>=</c>. Exit code: 0 done, 1 a
/// bad argument or an unknown token id.
/// </para>
/// </remarks>
internal static class TokensCommand
{
    private const string Usage = """
        usage: tokens create --role view|ingest|manage [--assistant NAME]... [--name TEXT] [--Storage:Provider=...]
               tokens list [--Storage:Provider=...]
               tokens revoke ID [--Storage:Provider=...]
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        if (!CommandLine.TryParse(args, out var command, out var problem))
        {
            await error.WriteLineAsync(problem + Environment.NewLine + Usage).ConfigureAwait(false);
            return 1;
        }

        var builder = Host.CreateApplicationBuilder([.. command.Settings]);
        builder.Configuration.AddShippedDefaults();
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddRasaCore(builder.Configuration);
        builder.Services.AddRasaStorage(builder.Configuration);
        using var host = builder.Build();
        using var cancel = new CancellationTokenSource();
        await host.Services.GetRequiredService<IStoreMigrator>().MigrateAsync(cancel.Token).ConfigureAwait(false);
        var tokens = host.Services.GetRequiredService<ApiTokenService>();
        return command.Verb switch
        {
            "create" => await CreateAsync(tokens, command, output, error, cancel.Token).ConfigureAwait(false),
            "list" => await ListAsync(tokens, output, cancel.Token).ConfigureAwait(false),
            _ => await RevokeAsync(tokens, command.Id!, output, error, cancel.Token).ConfigureAwait(false),
        };
    }

    private static async Task<int> CreateAsync(ApiTokenService tokens, CommandLine command, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var problem = ApiTokenService.AssistantsProblem(command.Assistants) is { } assistants ? "--assistant: " + assistants
            : ApiTokenService.NameProblem(command.Name) is { } name ? "--name: " + name
            : null;
        if (problem is not null)
        {
            await error.WriteLineAsync(problem).ConfigureAwait(false);
            return 1;
        }

        var created = await tokens.CreateAsync(command.Role!.Value, command.Assistants, command.Name, cancellationToken).ConfigureAwait(false);
        var token = created.Token;
        await error.WriteLineAsync(
            $"Created token {token.Id}: role {token.Role.Name()}, {Assistants(token)}{(token.Name.Length > 0 ? $", name \"{token.Name}\"" : string.Empty)}. "
            + "This is the only time it is shown; send it as 'Authorization: Bearer <token>'.").ConfigureAwait(false);
        await output.WriteLineAsync(created.Secret).ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> ListAsync(ApiTokenService tokens, TextWriter output, CancellationToken cancellationToken)
    {
        var all = await tokens.ListAsync(cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"{"id",-8}  {"role",-6}  {"created",-20}  {"revoked",-20}  {"assistants",-24}  name").ConfigureAwait(false);
        foreach (var token in all)
        {
            await output.WriteLineAsync(
                $"{token.Id,-8}  {token.Role.Name(),-6}  {Time(token.CreatedAt),-20}  {(token.RevokedAt is { } revoked ? Time(revoked) : "-"),-20}  "
                + $"{(token.Assistants.Count == 0 ? "*" : string.Join(",", token.Assistants)),-24}  {token.Name}").ConfigureAwait(false);
        }

        return 0;
    }

    private static async Task<int> RevokeAsync(ApiTokenService tokens, string id, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (await tokens.RevokeAsync(id, cancellationToken).ConfigureAwait(false) is not { } revoked)
        {
            await error.WriteLineAsync($"No token has the id '{id}' ('tokens list' shows them).").ConfigureAwait(false);
            return 1;
        }

        await output.WriteLineAsync($"Token {revoked.Id} is revoked (since {Time(revoked.RevokedAt!.Value)}).").ConfigureAwait(false);
        return 0;
    }

    private static string Assistants(ApiToken token) =>
        token.Assistants.Count == 0 ? "every assistant" : "limited to assistants " + string.Join(", ", token.Assistants);

    private static string Time(NodaTime.Instant instant) => InstantPattern.General.Format(instant);

    /// <summary>The command's arguments: a verb, its options, and the configuration settings for the host.</summary>
    private sealed class CommandLine
    {
        public string Verb { get; private set; } = string.Empty;

        public ApiRole? Role { get; private set; }

        public List<string> Assistants { get; } = [];

        public string? Name { get; private set; }

        public string? Id { get; private set; }

        public List<string> Settings { get; } = [];

        public static bool TryParse(IReadOnlyList<string> args, out CommandLine command, out string problem)
        {
            command = new CommandLine();
            problem = command.Parse(args) ?? string.Empty;
            return problem.Length == 0;
        }

        private string? Parse(IReadOnlyList<string> args)
        {
            if (args.Count == 0 || args[0] is not ("create" or "list" or "revoke"))
            {
                return "Name what to do: create, list or revoke.";
            }

            Verb = args[0];
            var positional = new List<string>();
            for (var i = 1; i < args.Count; i++)
            {
                var arg = args[i];
                if (!arg.StartsWith("--", StringComparison.Ordinal))
                {
                    positional.Add(arg);
                    continue;
                }

                var equals = arg.IndexOf('=', StringComparison.Ordinal);
                var option = equals < 0 ? arg : arg[..equals];
                if (option.Contains(':', StringComparison.Ordinal))
                {
                    Settings.Add(arg);
                    continue;
                }

                if (Verb != "create" || option is not ("--role" or "--assistant" or "--name"))
                {
                    return $"Unknown option {option} for tokens {Verb}.";
                }

                string? value = equals >= 0 ? arg[(equals + 1)..] : i + 1 < args.Count ? args[++i] : null;
                if (value is null)
                {
                    return $"{option} needs a value.";
                }

                if (Take(option, value) is { } problem)
                {
                    return problem;
                }
            }

            return Verb switch
            {
                "create" when positional.Count > 0 => $"Unexpected argument '{positional[0]}'.",
                "create" when Role is null => "--role is required: view, ingest or manage.",
                "list" when positional.Count > 0 => $"Unexpected argument '{positional[0]}'.",
                "revoke" when positional.Count != 1 => "Name the id of the token to revoke (one; 'tokens list' shows them).",
                "revoke" => SetId(positional[0]),
                _ => null,
            };
        }

        private string? Take(string option, string value)
        {
            switch (option)
            {
                case "--role" when Role is not null:
                    return "--role may be given once.";
                case "--role":
                    if (!ApiRoles.TryParse(value, out var role))
                    {
                        return $"--role must be view, ingest or manage, not '{value}'.";
                    }

                    Role = role;
                    return null;
                case "--assistant":
                    Assistants.Add(value);
                    return null;
                default:
                    Name = value;
                    return null;
            }
        }

        private string? SetId(string id)
        {
            Id = id;
            return null;
        }
    }
}
