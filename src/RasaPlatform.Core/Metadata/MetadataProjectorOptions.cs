using NodaTime;

namespace RasaPlatform.Core.Metadata;

/// <summary>How <see cref="MetadataProjector"/> works through the metadata queue.</summary>
public sealed class MetadataProjectorOptions
{
    /// <summary>Conversations claimed per run; positive. Default 100.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// How many conversations of a batch are read and folded at once; positive. Reading is mostly waiting for the store,
    /// so a few at a time keep it busy. Default 4.
    /// </summary>
    public int Parallelism { get; set; } = 4;

    /// <summary>
    /// How long the projector's lease lasts without renewal; positive. The projector renews it after a third of this, so
    /// it must exceed three times the longest time one conversation takes to fold and save. Default 60 seconds.
    /// </summary>
    public Duration LeaseTtl { get; set; } = Duration.FromSeconds(60);
}
