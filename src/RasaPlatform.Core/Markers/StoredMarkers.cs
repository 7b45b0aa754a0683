using NodaTime;

namespace RasaPlatform.Core.Markers;

/// <summary>The marker configuration an assistant holds.</summary>
/// <param name="Assistant">The assistant.</param>
/// <param name="Version">Its version: every stored configuration gets a new one, never reused, across all assistants.</param>
/// <param name="Configuration">The markers.</param>
/// <param name="UpdatedAt">When this version was stored.</param>
public sealed record StoredMarkerConfiguration(string Assistant, long Version, MarkerConfiguration Configuration, Instant UpdatedAt);

/// <summary>A conversation's marker results as the metadata job evaluated them, under the configuration <paramref name="Version"/>.</summary>
public sealed record ConversationMarkers(long Version, MarkerResults Results);

/// <summary>A stored conversation's marker results under one configuration version, and whether it waits for the metadata job.</summary>
/// <param name="Pending">Whether the conversation is queued: a write or a new configuration not evaluated yet.</param>
/// <param name="Results">What was stored under the version: none when it was never evaluated under it.</param>
public sealed record StoredConversationMarkers(bool Pending, MarkerResults Results);
