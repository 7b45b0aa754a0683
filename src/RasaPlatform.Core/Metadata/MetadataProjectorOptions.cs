using NodaTime;

namespace RasaPlatform.Core.Metadata;

/// <summary>How <see cref="MetadataProjector"/> works through the metadata queue.</summary>
public sealed class MetadataProjectorOptions
{
    /// <summary>Conversations claimed per run; positive. Default 100.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// How long the projector's lease lasts without renewal; positive. The projector renews it after a third of this, so
    /// it must exceed three times the longest time one conversation takes to fold and save. Default 60 seconds.
    /// </summary>
    public Duration LeaseTtl { get; set; } = Duration.FromSeconds(60);
}
