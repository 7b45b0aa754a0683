using NodaTime;

namespace RasaPlatform.Core.Storage;

/// <summary>The queued conversations whose metadata could not be folded or saved: how many, and some of them.</summary>
/// <param name="Count">How many queued conversations have failed at least once.</param>
/// <param name="Items">Up to the limit asked for, most attempts first.</param>
public sealed record MetadataFailures(long Count, IReadOnlyList<MetadataFailure> Items);

/// <summary>A queued conversation whose fold or save failed.</summary>
/// <param name="SenderId">The conversation.</param>
/// <param name="Attempts">How many times it failed since it was queued.</param>
/// <param name="Error">The last failure's error.</param>
/// <param name="RetryAt">When it is claimed again; <see langword="null"/> when it is due now (a write re-queued it).</param>
public sealed record MetadataFailure(string SenderId, int Attempts, string Error, Instant? RetryAt);
