using RasaPlatform.Benchmarks;

// Verbs: one per benchmark program. `generate` writes a synthetic data set; runners are added beside it.
return args switch
{
    ["generate", .. var rest] => GenerateCommand.Run(rest, Console.Error),
    ["run", .. var rest] => RasaPlatform.Benchmarks.Run.RunCommand.Run(rest, Console.Out, Console.Error),
    ["catch-up", .. var rest] => RasaPlatform.Benchmarks.Run.RunCommand.RunCatchUp(rest, Console.Out, Console.Error),
    ["dashboard", .. var rest] => RasaPlatform.Benchmarks.Run.RunCommand.RunDashboard(rest, Console.Out, Console.Error),
    ["rasa-sql-import", .. var rest] => RasaPlatform.Benchmarks.Run.RunCommand.RunRasaSqlImport(rest, Console.Out, Console.Error),
    ["mix", .. var rest] => RasaPlatform.Benchmarks.Run.Mix.MixCommand.Run(rest, Console.Out, Console.Error),
    ["perf-import", .. var rest] => await RasaPlatform.Benchmarks.Perf.PerfImportCommand.RunAsync(rest, Console.Out),
    ["recovery", .. var rest] => await RasaPlatform.Benchmarks.Recovery.RecoveryCommand.RunAsync(rest, Console.Out, Console.Error),
    ["hostile", .. var rest] => await RasaPlatform.Benchmarks.Hostile.HostileCommand.RunAsync(rest, Console.Out, Console.Error),
    ["read-memory", .. var rest] => await RasaPlatform.Benchmarks.Memory.ReadMemoryCommand.RunAsync(rest, Console.Out, Console.Error),
    ["rabbitmq-feed", .. var rest] => await RasaPlatform.Benchmarks.Feeds.RabbitMqFeedCommand.RunAsync(rest, Console.Out, Console.Error),
    ["listing-latency", .. var rest] => await RasaPlatform.Benchmarks.Latency.ListingLatencyCommand.RunAsync(rest, Console.Out, Console.Error),
    ["marker-cost", .. var rest] => await RasaPlatform.Benchmarks.Markers.MarkerCostCommand.RunAsync(rest, Console.Out, Console.Error),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: RasaPlatform.Benchmarks " + GenerateCommand.Usage);
    Console.Error.WriteLine("       RasaPlatform.Benchmarks " + RasaPlatform.Benchmarks.Run.RunCommand.Usage);
    Console.Error.WriteLine("       RasaPlatform.Benchmarks catch-up (run's options: import, metadata catch-up and freshness only)");
    Console.Error.WriteLine("       RasaPlatform.Benchmarks dashboard (run's options: import, catch-up, then the dashboard's first render in chromium)");
    Console.Error.WriteLine("       RasaPlatform.Benchmarks rasa-sql-import (run's options: import --from-rasa-sql of the data set in Rasa's SQLTrackerStore layout)");
    Console.Error.WriteLine("       RasaPlatform.Benchmarks " + RasaPlatform.Benchmarks.Run.Mix.MixCommand.Usage);
    Console.Error.WriteLine("       RasaPlatform.Benchmarks " + RasaPlatform.Benchmarks.Recovery.RecoveryCommand.Usage);
    Console.Error.WriteLine("       RasaPlatform.Benchmarks " + RasaPlatform.Benchmarks.Hostile.HostileCommand.Usage);
    Console.Error.WriteLine("       RasaPlatform.Benchmarks " + RasaPlatform.Benchmarks.Memory.ReadMemoryCommand.Usage);
    Console.Error.WriteLine("       RasaPlatform.Benchmarks " + RasaPlatform.Benchmarks.Feeds.RabbitMqFeedCommand.Usage);
    Console.Error.WriteLine("       RasaPlatform.Benchmarks " + RasaPlatform.Benchmarks.Latency.ListingLatencyCommand.Usage);
    Console.Error.WriteLine("       RasaPlatform.Benchmarks " + RasaPlatform.Benchmarks.Markers.MarkerCostCommand.Usage);
    return 2;
}
