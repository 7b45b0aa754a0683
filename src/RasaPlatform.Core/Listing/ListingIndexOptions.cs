using NodaTime;

namespace RasaPlatform.Core.Listing;

/// <summary>The in-process listing index (configuration section <c>Listing:Index</c>).</summary>
public sealed class ListingIndexOptions
{
    public const string Section = "Listing:Index";

    /// <summary>
    /// Whether listings without tag filters are answered from the in-process index. Default true; false sends
    /// every listing to the store's SQL.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How often the idle index reads the store's changes, in milliseconds; positive. Listings read them themselves
    /// before they answer, so this only keeps the index warm. Default 1000.
    /// </summary>
    public int RefreshMilliseconds { get; set; } = 1000;

    /// <summary>
    /// How long the store keeps its record of changes, in minutes; positive. An index that has not read changes for
    /// half of this is loaded again from scratch. Default 10.
    /// </summary>
    public int ChangeRetentionMinutes { get; set; } = 10;

    internal Duration ChangeRetention => Duration.FromMinutes(ChangeRetentionMinutes);
}
