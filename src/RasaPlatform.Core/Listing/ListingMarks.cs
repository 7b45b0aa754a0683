namespace RasaPlatform.Core.Listing;

/// <summary>
/// Yes-or-no facts about a conversation that listing filters ask, carried in one small number per conversation: the
/// listing index keeps it per slot, and the stores derive it (and each filter's SQL) from one expression per mark
/// (<c>ListingMarkColumns</c> in Storage). A new fact is one member here and one expression there.
/// </summary>
[Flags]
public enum ListingMarks : ushort
{
    None = 0,

    /// <summary>A reviewer marked it <c>reviewed</c>.</summary>
    Reviewed = 1 << 0,

    /// <summary>A reviewer marked it <c>saved_for_later</c>.</summary>
    SavedForLater = 1 << 1,

    /// <summary>A user message of it carries an intent correction.</summary>
    Corrected = 1 << 2,

    /// <summary>Its latest session ended: a <c>session_ended</c> or <c>conversation_inactive</c> event came after its last user message.</summary>
    SessionEnded = 1 << 3,
}
