using System.Diagnostics.Metrics;

namespace RasaPlatform.Core.Diagnostics;

/// <summary>
/// The counters every layer adds to, on the process's <c>RasaPlatform</c> meter (System.Diagnostics.Metrics): the service
/// exports them with its gauges (README, Metrics); a command that writes (an import) counts into its own process.
/// </summary>
public static class RasaMetrics
{
    /// <summary>The meter's name, which an exporter listens to.</summary>
    public const string MeterName = "RasaPlatform";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Events newly stored by any write path (HTTP, feeds, import); duplicates skipped are not counted.</summary>
    public static readonly Counter<long> EventsIngested =
        Meter.CreateCounter<long>("rasa.events.ingested", "{event}", "Events newly stored, by every write path.");

    /// <summary>Events a write skipped because an equal event was already stored (redeliveries, re-imports).</summary>
    public static readonly Counter<long> EventsSkipped =
        Meter.CreateCounter<long>("rasa.events.skipped", "{event}", "Events skipped as already stored.");

    /// <summary>Conversations the metadata job folded and saved in this process.</summary>
    public static readonly Counter<long> ConversationsFolded =
        Meter.CreateCounter<long>("rasa.metadata.folded", "{conversation}", "Conversations whose metadata this process folded and saved.");
}
