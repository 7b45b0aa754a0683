namespace RasaPlatform.Core.Metadata;

/// <summary>What <see cref="MetadataProjector.RebuildAsync"/> did.</summary>
/// <param name="Enqueued">Conversations queued for the rebuild.</param>
/// <param name="Processed">Conversations this projector folded and saved until the queue was empty.</param>
public sealed record MetadataRebuildResult(long Enqueued, long Processed);
