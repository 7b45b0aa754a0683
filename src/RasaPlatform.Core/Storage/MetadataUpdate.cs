using RasaPlatform.Core.Analytics;
using RasaPlatform.Core.Markers;
using RasaPlatform.Core.Metadata;

namespace RasaPlatform.Core.Storage;

/// <summary>Metadata folded from a conversation's events at one revision, ready to be saved.</summary>
/// <param name="ConversationId">The store's id of the conversation, from <see cref="MetadataWorkItem"/>.</param>
/// <param name="Revision">The revision the events were claimed at.</param>
/// <param name="Metadata">What <see cref="MetadataBuilder"/> folded.</param>
/// <param name="Facts">What <see cref="ConversationFactsBuilder"/> folded; null saves none.</param>
/// <param name="Markers">The marker results evaluated with the metadata; null saves none (the assistant has no markers).</param>
public sealed record MetadataUpdate(
    long ConversationId,
    long Revision,
    ConversationMetadata Metadata,
    ConversationFacts? Facts = null,
    ConversationMarkers? Markers = null);
