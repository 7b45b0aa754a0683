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

    /// <summary>A slot's name and a value it was set to, as <see cref="SlotValue.Key"/>: the slot value lists.</summary>
    SlotValue = 6,

    /// <summary>The same with the value's JSON text lower-cased (invariant): what the <c>slots</c> filter matches.</summary>
    SlotMatch = 7,

    /// <summary>A slot some <c>slot</c> event set: the slot name list, and the filter's first narrowing.</summary>
    SlotName = 8,

    /// <summary>
    /// A marker that applied in some session, as <see cref="Markers.MarkerNames.Key"/> (the configuration's version and
    /// the marker's name): the marker filters, which match the current versions only.
    /// </summary>
    Marker = 9,
}
