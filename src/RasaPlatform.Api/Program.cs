using RasaPlatform.Api.Hosting.Cli;

return await CommandLine.RunAsync(args).ConfigureAwait(false);

/// <summary>The entry point; public so that tests can host it with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
