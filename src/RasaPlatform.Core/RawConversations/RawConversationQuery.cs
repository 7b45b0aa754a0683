namespace RasaPlatform.Core.RawConversations;

/// <summary>One page of an assistant's conversations for the raw export (Rasa Studio's <c>rawConversations</c>).</summary>
/// <param name="Assistant">The assistant whose conversations are exported.</param>
/// <param name="From">
/// Inclusive lower bound (Unix seconds): only conversations with an event at or after it; null for none.
/// </param>
/// <param name="To">Exclusive upper bound (Unix seconds): only conversations with an event before it; null for none.</param>
/// <param name="TagNames">
/// Names of the assistant's tags: only conversations carrying ANY of them; empty for no condition. A name no tag of the
/// assistant has matches nothing.
/// </param>
/// <param name="Limit">Page size, 1 to <see cref="MaximumLimit"/>.</param>
/// <param name="Offset">Conversations to skip, 0 or more.</param>
/// <remarks>
/// With both bounds, a conversation matches when one of its events lies in [<paramref name="From"/>,
/// <paramref name="To"/>). Conversations come in the order they were first stored, oldest first, so pages stay put
/// while new conversations arrive.
/// </remarks>
public sealed record RawConversationQuery(string Assistant, double? From, double? To, IReadOnlyList<string> TagNames, int Limit, long Offset)
{
    public const int DefaultLimit = 10;

    public const int MaximumLimit = 1000;
}
