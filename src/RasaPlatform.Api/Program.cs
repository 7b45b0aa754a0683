using RasaPlatform.Api.Hosting;
using RasaPlatform.Api.Hosting.Cli;

// First, before the threads that will call SQLite have allocated.
NativeHeap.LimitArenas();
return await CommandLine.RunAsync(args).ConfigureAwait(false);

/// <summary>The entry point; public so that tests can host it with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
