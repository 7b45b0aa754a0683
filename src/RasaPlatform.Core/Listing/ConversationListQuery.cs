namespace RasaPlatform.Core.Listing;

/// <summary>One page of the conversation listing: the filter, the order, and the window.</summary>
/// <param name="Filter">Which conversations.</param>
/// <param name="Order">In which order.</param>
/// <param name="Limit">Page size, 1 to <see cref="MaximumLimit"/>.</param>
/// <param name="Offset">Conversations to skip, 0 or more.</param>
public sealed record ConversationListQuery(ConversationFilter Filter, ConversationOrder Order, int Limit, long Offset)
{
    public const int DefaultLimit = 50;

    public const int MaximumLimit = 1000;
}
