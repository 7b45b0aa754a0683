using System.ComponentModel;
using NodaTime.Text;
using RasaPlatform.Core.Access;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RasaPlatform.Api.Hosting.Cli;

/// <summary>
/// <c>tokens create</c>: makes an API token and prints it alone on standard output (so that
/// <c>TOKEN=$(… tokens create …)</c> captures it), and what it is on standard error. It is shown this once: the store
/// keeps only its hash.
/// </summary>
internal sealed class TokensCreateCommand(CommandEnvironment environment) : AsyncCommand<TokensCreateCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--role <ROLE>")]
        [Description("view (read everything), ingest (write events) or manage (everything, and changes). Required.")]
        public string[] Role { get; set; } = [];

        [CommandOption("--assistant <NAME>")]
        [Description("Limit the token to this assistant; repeat for several. Without it the token sees every assistant.")]
        public string[] Assistants { get; set; } = [];

        [CommandOption("--name <TEXT>")]
        [Description("What the token is for, shown by 'tokens list'.")]
        public string? Name { get; set; }

        public ApiRole ParsedRole => ApiRoles.TryParse(Role[0], out var role) ? role!.Value : throw new InvalidOperationException("Validated.");

        public override ValidationResult Validate() =>
            Role.Length == 0 ? ValidationResult.Error("--role is required: view, ingest or manage.")
            : Role.Length > 1 ? ValidationResult.Error("--role may be given once.")
            : !ApiRoles.TryParse(Role[0], out _) ? ValidationResult.Error($"--role must be view, ingest or manage, not '{Role[0]}'.")
            : ApiTokenService.AssistantsProblem(Assistants) is { } assistants ? ValidationResult.Error("--assistant: " + assistants)
            : ApiTokenService.NameProblem(Name) is { } name ? ValidationResult.Error("--name: " + name)
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var host = await StoreHost.StartAsync(environment, null, cancellationToken).ConfigureAwait(false);
        var created = await host.Services.GetRequiredService<ApiTokenService>()
            .CreateAsync(settings.ParsedRole, settings.Assistants, settings.Name, cancellationToken).ConfigureAwait(false);
        var token = created.Token;
        await environment.Error.WriteLineAsync(
            $"Created token {token.Id}: role {token.Role.Name()}, {TokenText.Assistants(token)}{(token.Name.Length > 0 ? $", name \"{token.Name}\"" : string.Empty)}. "
            + "This is the only time it is shown; send it as 'Authorization: Bearer <token>'.").ConfigureAwait(false);
        await environment.Output.WriteLineAsync(created.Secret).ConfigureAwait(false);
        return 0;
    }
}

/// <summary><c>tokens list</c>: every token's id, role, times, assistants and name, revoked ones too.</summary>
internal sealed class TokensListCommand(CommandEnvironment environment) : AsyncCommand<TokensListCommand.Settings>
{
    internal sealed class Settings : CommandSettings;

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var host = await StoreHost.StartAsync(environment, null, cancellationToken).ConfigureAwait(false);
        var all = await host.Services.GetRequiredService<ApiTokenService>().ListAsync(cancellationToken).ConfigureAwait(false);
        var output = environment.Output;
        await output.WriteLineAsync($"{"id",-8}  {"role",-6}  {"created",-20}  {"revoked",-20}  {"assistants",-24}  name").ConfigureAwait(false);
        foreach (var token in all)
        {
            await output.WriteLineAsync(
                $"{token.Id,-8}  {token.Role.Name(),-6}  {TokenText.Time(token.CreatedAt),-20}  {(token.RevokedAt is { } revoked ? TokenText.Time(revoked) : "-"),-20}  "
                + $"{(token.Assistants.Count == 0 ? "*" : string.Join(",", token.Assistants)),-24}  {token.Name}").ConfigureAwait(false);
        }

        return 0;
    }
}

/// <summary><c>tokens revoke ID</c>: revokes a token at once for every instance on the store; idempotent.</summary>
internal sealed class TokensRevokeCommand(CommandEnvironment environment) : AsyncCommand<TokensRevokeCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<ID>")]
        [Description("The token's id: the 8 characters after 'rp_' in the token, as 'tokens list' shows them.")]
        public string Id { get; set; } = string.Empty;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var host = await StoreHost.StartAsync(environment, null, cancellationToken).ConfigureAwait(false);
        if (await host.Services.GetRequiredService<ApiTokenService>().RevokeAsync(settings.Id, cancellationToken).ConfigureAwait(false) is not { } revoked)
        {
            await environment.Error.WriteLineAsync($"No token has the id '{settings.Id}' ('tokens list' shows them).").ConfigureAwait(false);
            return CommandLine.Failure;
        }

        await environment.Output.WriteLineAsync($"Token {revoked.Id} is revoked (since {TokenText.Time(revoked.RevokedAt!.Value)}).").ConfigureAwait(false);
        return 0;
    }
}

file static class TokenText
{
    public static string Assistants(ApiToken token) =>
        token.Assistants.Count == 0 ? "every assistant" : "limited to assistants " + string.Join(", ", token.Assistants);

    public static string Time(NodaTime.Instant instant) => InstantPattern.General.Format(instant);
}
