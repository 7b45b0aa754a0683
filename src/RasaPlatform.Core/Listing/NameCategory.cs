namespace RasaPlatform.Core.Listing;

/// <summary>The kinds of names a conversation's metadata lists, and the listing filters and distinct lists over them.</summary>
/// <remarks>The numbers are stored: never renumber.</remarks>
public enum NameCategory : short
{
    Intent = 1,
    Entity = 2,
    Action = 3,
    Policy = 4,
    InputChannel = 5,
}
