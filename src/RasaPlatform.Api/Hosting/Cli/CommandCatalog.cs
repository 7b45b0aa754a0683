using Spectre.Console.Cli;

namespace RasaPlatform.Api.Hosting.Cli;

/// <summary>Every command, with its description and examples: what <c>--help</c> shows.</summary>
internal static class CommandCatalog
{
    public const string Serve = "serve";
    public const string Import = "import";
    public const string Tokens = "tokens";
    public const string RebuildMetadata = "rebuild-metadata";

    /// <summary>The top-level commands.</summary>
    public static readonly IReadOnlyList<string> Commands = [Serve, Import, Tokens, RebuildMetadata];

    /// <summary>The commands of the <see cref="Tokens"/> branch.</summary>
    public static readonly IReadOnlyList<string> TokenCommands = ["create", "list", "revoke"];

    public static void Add(IConfigurator config)
    {
        config.AddCommand<ServeCommand>(Serve)
            .WithDescription("Run the service (the default command). Settings: appsettings.json, the environment (Storage__Provider=PostgreSql) or --Section:Key=value arguments.")
            .WithExample("serve")
            .WithExample("serve", "--urls", "http://0.0.0.0:5080", "--Storage:Sqlite:Path=/var/lib/rasaplatform/rasaplatform.db")
            .WithExample("serve", "--Storage:Provider=PostgreSql", "--Storage:PostgreSql:ConnectionString=Host=db;Username=rasa;Password=rasa;Database=rasa");
        config.AddCommand<ImportCommand>(Import)
            .WithDescription("Import Rasa tracker dumps, Botfront/MongoDB conversation documents or NDJSON events from files, or a Rasa SQLTrackerStore database, into the configured store. Exit code 0 all imported, 1 a file or the database could not be read, 3 some records rejected.")
            .WithExample("import", "../shared/data/rasa/", "../shared/data/botfront/conversations.json")
            .WithExample("import", "events.ndjson", "--Storage:Sqlite:Path=data/rasaplatform.db")
            .WithExample("import", "--from-rasa-sql", "\"Data Source=/path/to/rasa.db\"");
        config.AddBranch(Tokens, tokens =>
        {
            tokens.SetDescription("Create, list and revoke the API tokens the service checks.");
            tokens.AddCommand<TokensCreateCommand>(TokenCommands[0])
                .WithDescription("Create a token; it is printed alone on standard output, this once.")
                .WithExample("tokens", "create", "--role", "manage", "--name", "admin")
                .WithExample("tokens", "create", "--role", "view", "--assistant", "shop-bot", "--name", "dashboard");
            tokens.AddCommand<TokensListCommand>(TokenCommands[1])
                .WithDescription("List every token: id, role, times, assistants, name.")
                .WithExample("tokens", "list");
            tokens.AddCommand<TokensRevokeCommand>(TokenCommands[2])
                .WithDescription("Revoke a token by its id, at once for every instance on the store.")
                .WithExample("tokens", "revoke", "1a2b3c4d");
        });
        config.AddCommand<RebuildMetadataCommand>(RebuildMetadata)
            .WithDescription("Recompute every conversation's metadata (listing, statistics, analytics, markers), with running service instances helping. Exit code 0 done, 3 some conversations failed.")
            .WithExample("rebuild-metadata")
            .WithExample("rebuild-metadata", "--Storage:Provider=PostgreSql");
    }
}
