using NodaTime;

namespace RasaPlatform.Core.Listing;

/// <summary>The listing's settings (configuration section <c>Listing</c>; the index has its own, <see cref="ListingIndexOptions"/>).</summary>
public sealed class ListingOptions
{
    public const string Section = "Listing";

    /// <summary>
    /// After how many minutes without a user message a conversation's session counts as over, for the
    /// <c>in_progress</c> filter; positive. Default 60, Rasa's default <c>session_expiration_time</c>.
    /// </summary>
    public int SessionExpirationMinutes { get; set; } = 60;

    /// <summary>The <c>in_progress</c> condition asked at <paramref name="now"/>.</summary>
    public ProgressCondition Progress(bool inProgress, Instant now) =>
        new(inProgress, (now - Duration.FromMinutes(SessionExpirationMinutes)).ToUnixTimeTicks() / (double)NodaConstants.TicksPerSecond);
}
