namespace RasaPlatform.Core.Access;

/// <summary>What an API token may do. Each operation of the API names the roles that may call it.</summary>
/// <remarks>
/// The roles are not a ladder: <see cref="Ingest"/> may write trackers but not read analytics, <see cref="View"/> the
/// reverse. <see cref="Manage"/> may do everything. On the wire (command line, spec) they are <c>view</c>,
/// <c>ingest</c> and <c>manage</c>; see <see cref="ApiRoles"/>.
/// </remarks>
public enum ApiRole
{
    /// <summary>Every read (Rasa Studio's "View conversations"): conversations, listing, statistics, analytics.</summary>
    View = 1,

    /// <summary>
    /// Rasa's tracker API, what a bot's tracker store needs: replace a tracker, append events, read a tracker back.
    /// Nothing else.
    /// </summary>
    Ingest = 2,

    /// <summary>Everything (Rasa Studio's "Manage conversations"): reads, ingestion, flags, deletion, maintenance.</summary>
    Manage = 3,
}
